package io.memkube.cacheserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.memkube.cacheserver.it.MemcachedProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * memcached's rules for {@code -p} and {@code -U} (its t/issue_67.t): {@code -U} alone moves the
 * TCP port along, {@code -1} is any free port, {@code -p 0} is no TCP listener. Debian's memcached
 * 1.6.18 and memkube-cache-server are started with the same flags and {@code
 * MEMCACHED_PORT_FILENAME}; the files must name the same transports, on the same fixed ports.
 * {@code TCP} and {@code UDP} in a case stand for free ports picked for the run.
 */
class PortOptionsDifferentialTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-p TCP",
        "-U UDP",
        "-p -1",
        "-U -1",
        "-p 0",
        "-U 0 -p TCP",
        "-p TCP -U UDP",
        "-p TCP -U 0",
        "-p -1 -U UDP",
        "-p TCP -U -1",
        "-p 0 -U UDP",
      })
  void portFlagsOpenTheTransportsMemcachedOpens(String flags) throws Exception {
    String tcp = "" + MemcachedProcess.freePort();
    String udp = "" + MemcachedProcess.freePort();
    List<String> args = new ArrayList<>(List.of("-l", "127.0.0.1"));
    for (String f : flags.split(" ")) {
      args.add(f.replace("TCP", tcp).replace("UDP", udp));
    }
    List<String> memcached = new ArrayList<>(List.of(MemcachedProcess.BINARY, "-u", "root"));
    memcached.addAll(args);
    Map<String, Integer> theirs = listening(memcached, dir.resolve("memcached.ports"));
    Map<String, Integer> ours =
        listening(ServerCommandLine.with(args.toArray(String[]::new)), dir.resolve("ours.ports"));

    assertEquals(theirs != null, ours != null, "a port file written for " + flags);
    if (theirs == null) {
      return;
    }
    assertEquals(theirs.keySet(), ours.keySet(), "transports listening for " + flags);
    for (String transport : theirs.keySet()) {
      boolean fixed = List.of(tcp, udp).contains("" + theirs.get(transport));
      if (fixed) {
        assertEquals(theirs.get(transport), ours.get(transport), transport + " for " + flags);
      } else {
        // any free port: memcached's choice and ours only share that it is not the default
        assertNotEquals(11211, ours.get(transport), transport + " for " + flags);
      }
    }
  }

  /**
   * Starts {@code command} with {@code MEMCACHED_PORT_FILENAME} and returns what the file names
   * once the server is up: memcached is up within {@link #MEMCACHED_START}; memkube says so on
   * stderr (its {@code started:} line), written after the port file.
   */
  private Map<String, Integer> listening(List<String> command, Path portFile) throws Exception {
    Path log = Files.createTempFile(dir, "stderr", ".log");
    ProcessBuilder b =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(log.toFile());
    b.environment().put("MEMCACHED_PORT_FILENAME", portFile.toString());
    boolean ours = !command.get(0).equals(MemcachedProcess.BINARY);
    Process p = b.start();
    try {
      long deadline =
          System.nanoTime() + (ours ? TimeUnit.SECONDS.toNanos(60) : MEMCACHED_START.toNanos());
      while (p.isAlive()
          && System.nanoTime() < deadline
          && !(ours ? Files.readString(log).contains(" started: ") : Files.exists(portFile))) {
        Thread.sleep(50);
      }
      assertEquals(true, p.isAlive(), command + " exited: " + Files.readString(log));
      if (!Files.exists(portFile)) {
        return null;
      }
      Map<String, Integer> ports = new TreeMap<>();
      for (String line : Files.readAllLines(portFile, StandardCharsets.US_ASCII)) {
        String[] kv = line.split(":\\s+");
        ports.put(kv[0], Integer.parseInt(kv[1].strip()));
      }
      return ports;
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static final java.time.Duration MEMCACHED_START = java.time.Duration.ofSeconds(2);
}
