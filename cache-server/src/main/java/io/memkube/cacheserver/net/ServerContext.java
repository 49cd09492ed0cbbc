package io.memkube.cacheserver.net;

import io.memkube.cacheserver.config.ServerSettings;
import io.memkube.cacheserver.stats.ServerStats;
import io.memkube.cacheserver.storage.Cache;

/** What every connection of one server shares. */
interface ServerContext {
  ServerSettings settings();

  Cache cache();

  ServerStats stats();

  Connections connections();

  /** {@code refresh_certs}. */
  io.memkube.cacheserver.command.CertificateRefresh certificateRefresh();

  /** The {@code watch} command's watchers. */
  io.memkube.cacheserver.watch.Watchers watchers();

  /** The {@code shutdown} command: stop the server soon (not on the calling event loop). */
  void requestShutdown();
}
