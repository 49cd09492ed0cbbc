/**
 * Kubernetes probe endpoints of the cache server and the proxy ({@code --health-port}): {@code
 * /healthz} and {@code /readyz} over HTTP, each answered by a {@code version} round trip to the
 * program's own memcached port, so that a wedged event loop or a broken codec fails the probe where
 * a TCP connect would pass; and the SIGTERM hook that fails readiness before stopping.
 */
package io.memkube.protocol.health;
