package io.memkube.proxy.configmodel.spec;

/**
 * A server of a pool as the config gives it.
 *
 * @param timeoutMillis its pool's {@code server_timeout}, or {@code --server-timeout}
 * @param pool the pool that lists it (its login is the pool's)
 */
public record ServerSpec(ServerAddress address, long timeoutMillis, String pool) {}
