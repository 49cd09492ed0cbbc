package io.memkube.proxy.configmodel.spec;

import java.util.List;

/**
 * A pool after reading ({@code inherit} resolved): its servers in config order (order is placement:
 * append new servers at the end) and their weights, or null when the pool has none.
 *
 * @param credentialsFile memkube's {@code credentials_file}: the login file of its servers, or null
 *     for the proxy's {@code --pool-credentials-file}; read by the proxy when it loads the config
 *     (the file is the proxy's, so a check on its own does not read it)
 * @param path where the pool is in the config, for what the proxy finds wrong with that file
 */
public record PoolSpec(
    String name, List<ServerSpec> servers, double[] weights, String credentialsFile, String path) {}
