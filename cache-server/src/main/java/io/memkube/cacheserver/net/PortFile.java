package io.memkube.cacheserver.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.Logger;

/**
 * memcached's {@code MEMCACHED_PORT_FILENAME}: when that environment variable names a file, the
 * ports the server listens on are written there once it listens ({@code TCP INET: <port>}, and
 * {@code UDP INET: <port>} with {@code -U}), so that a caller that asked for any free port learns
 * which. Written under another name and renamed, so a reader never sees half of it.
 */
final class PortFile {
  private static final Logger LOG = Logger.getLogger(PortFile.class.getName());

  private PortFile() {}

  /**
   * {@code tcpPort} or {@code udpPort} 0: that transport does not listen and has no line; with
   * neither, the file is written empty, as memcached writes it.
   */
  static void writeIfAsked(int tcpPort, int udpPort) {
    String name = System.getenv("MEMCACHED_PORT_FILENAME");
    if (name == null || name.isEmpty()) {
      return;
    }
    StringBuilder b = new StringBuilder();
    if (tcpPort != 0) {
      b.append("TCP INET: ").append(tcpPort).append('\n');
    }
    if (udpPort != 0) {
      b.append("UDP INET: ").append(udpPort).append('\n');
    }
    Path file = Path.of(name);
    Path tmp = Path.of(name + ".lck");
    try {
      Files.writeString(tmp, b, StandardCharsets.US_ASCII);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warning(() -> "cannot write MEMCACHED_PORT_FILENAME " + name + ": " + e.getMessage());
    }
  }
}
