package io.memkube.proxy.configmodel.spec;

/**
 * A server of a pool as the config gives it.
 *
 * @param timeoutMillis its pool's {@code server_timeout}, or {@code --server-timeout}
 */
public record ServerSpec(ServerAddress address, long timeoutMillis) {}
