/**
 * Kubernetes probe endpoints of the cache server ({@code --health-port}): {@code /healthz} and
 * {@code /readyz} over HTTP, each answered by a {@code version} round trip to the server's own
 * memcached port, so that a wedged event loop or a broken codec fails the probe where a TCP connect
 * would pass. The proxy reuses this package for its own port.
 */
package io.memkube.cacheserver.health;
