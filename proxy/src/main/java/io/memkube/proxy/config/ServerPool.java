package io.memkube.proxy.config;

import io.memkube.proxy.route.Destination;
import java.util.List;

/**
 * A pool after loading: its servers in config order (order is placement: append new servers at the
 * end) and their weights, or null when the pool has none.
 */
public record ServerPool(String name, List<Destination> servers, double[] weights) {}
