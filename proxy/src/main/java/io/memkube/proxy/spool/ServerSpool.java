package io.memkube.proxy.spool;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The undelivered deletes of one server ({@code host:port}), oldest segment first. Guarded by the
 * {@link DeleteSpool}'s lock. How far the oldest segment has been delivered is kept in memory only:
 * after a restart those deletes are sent again, which costs a miss at most, never a stale value.
 */
final class ServerSpool {
  final String server;
  final Path dir;
  final Deque<SpoolSegment> segments = new ArrayDeque<>();

  /** Lines of the oldest segment already delivered. */
  int headDelivered;

  ServerSpool(String server, Path dir) {
    this.server = server;
    this.dir = dir;
  }

  int pending() {
    int n = -headDelivered;
    for (SpoolSegment s : segments) {
      n += s.records();
    }
    return n;
  }

  boolean isEmpty() {
    return pending() == 0;
  }
}
