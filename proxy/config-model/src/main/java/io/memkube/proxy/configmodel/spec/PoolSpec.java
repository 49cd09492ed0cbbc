package io.memkube.proxy.configmodel.spec;

import java.util.List;

/**
 * A pool after reading ({@code inherit} resolved): its servers in config order (order is placement:
 * append new servers at the end) and their weights, or null when the pool has none.
 */
public record PoolSpec(String name, List<ServerSpec> servers, double[] weights) {}
