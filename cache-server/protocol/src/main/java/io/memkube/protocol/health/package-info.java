/**
 * Kubernetes probe endpoints of the cache server and the proxy ({@code --health-port}): {@code
 * /healthz} and {@code /readyz} over HTTP, each answered by a {@code version} round trip to the
 * program's own memcached port, so that a wedged event loop or a broken codec fails the probe where
 * a TCP connect would pass; and the SIGTERM handling ({@link
 * io.memkube.protocol.health.GracefulStop}): fail readiness, drain, stop, exit 0.
 */
package io.memkube.protocol.health;
