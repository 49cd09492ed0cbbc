/**
 * memcached's {@code watch} command: connections that asked to watch receive a line per event (item
 * fetched, stored, evicted; connection opened or closed) in memcached's {@code key=value} format.
 * With no watcher the servers' paths pay one volatile read per request.
 */
package io.memkube.cacheserver.watch;
