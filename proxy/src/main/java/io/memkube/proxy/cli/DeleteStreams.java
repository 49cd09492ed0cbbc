package io.memkube.proxy.cli;

import io.memkube.proxy.RunningProxy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Picks the delete spool's directory. mcrouter's default, {@code /var/spool/mcrouter}, is kept so
 * that a volume mounted there for mcrouter keeps working; a non-root process (the proxy image runs
 * as non-root with a read-only root file system) usually cannot create it, so without {@code -a}
 * the proxy falls back to {@code $TMPDIR/memkube-proxy-spool-PORT} and says so. A directory given
 * with {@code -a} that cannot be used is an error: the user asked for durability there.
 */
final class DeleteStreams {
  static final String MCROUTER_DEFAULT_DIR = "/var/spool/mcrouter";

  private DeleteStreams() {}

  static RunningProxy.DeleteStream choose(
      Path dir, boolean given, int port, long maxBytes, PrintWriter err) {
    if (given) {
      return new RunningProxy.DeleteStream(dir, maxBytes);
    }
    if (usable(dir)) {
      return new RunningProxy.DeleteStream(dir.resolve("memkube-proxy-" + port), maxBytes);
    }
    Path fallback =
        Path.of(
            System.getProperty("java.io.tmpdir"), "memkube-proxy-spool", "memkube-proxy-" + port);
    err.println(
        "memkube-proxy: "
            + dir
            + " is not writable; spooling failed deletes under "
            + fallback
            + " (give -a/--async-dir a volume to keep them across restarts of the pod)");
    return new RunningProxy.DeleteStream(fallback, maxBytes);
  }

  private static boolean usable(Path dir) {
    try {
      Files.createDirectories(dir);
      return Files.isWritable(dir);
    } catch (IOException | SecurityException e) {
      return false;
    }
  }
}
