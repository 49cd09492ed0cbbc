package io.memkube.cacheserver.it;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Sends one {@code stats} command and reads its {@code STAT name value} lines in order. */
final class StatsReader {
  private StatsReader() {}

  static Map<String, String> stats(int port, String command) throws IOException {
    try (WireClient w = new WireClient(port)) {
      return stats(w, command);
    }
  }

  static Map<String, String> stats(WireClient w, String command) throws IOException {
    w.send(command + "\r\n");
    String reply = w.readText("END\r\n");
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : reply.split("\r\n")) {
      if (line.startsWith("STAT ")) {
        int sp = line.indexOf(' ', 5);
        m.put(line.substring(5, sp), line.substring(sp + 1));
      } else if (!line.equals("END")) {
        throw new IOException("not a stats line: " + line + " (after " + command + ")");
      }
    }
    return m;
  }
}
