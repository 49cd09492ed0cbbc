package io.memkube.cacheserver.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.cacheserver.cli.ServerCommandLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * memcached's {@code -e FILE} on real processes: what a clean stop saved, the next start serves
 * (values, flags, CAS, expiry), what expired in between is gone, and a metadata file memkube did
 * not write stops the start instead of being overwritten.
 */
class WarmRestartProcessTest {
  @TempDir Path dir;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Process start(Path log, int port, Path memoryFile) throws IOException {
    List<String> cmd =
        ServerCommandLine.with(
            "-l", "127.0.0.1", "-p", "" + port, "-m", "16", "-t", "1", "-e", memoryFile.toString());
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** A text client on a freshly started server (retries the connect while the JVM starts). */
  private static final class Client implements AutoCloseable {
    final Socket s;
    final BufferedReader in;
    final OutputStream out;

    Client(Process p, int port) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      Socket socket;
      while (true) {
        try {
          socket = new Socket("127.0.0.1", port);
          break;
        } catch (ConnectException e) {
          if (!p.isAlive() || System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(50);
        }
      }
      s = socket;
      s.setSoTimeout(10_000);
      in =
          new BufferedReader(
              new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      out = s.getOutputStream();
    }

    /** Sends a request and reads reply lines until one equals {@code last}. */
    String call(String request, String last) throws IOException {
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      StringBuilder sb = new StringBuilder();
      for (String line = in.readLine(); ; line = in.readLine()) {
        sb.append(line).append('\n');
        if (line.equals(last)) {
          return sb.toString();
        }
      }
    }

    /** Sends a request whose reply is one line. */
    String line(String request) throws IOException {
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return in.readLine();
    }

    @Override
    public void close() throws IOException {
      s.close();
    }
  }

  private static void stop(Process p) throws Exception {
    p.destroy(); // SIGTERM: the clean stop a kubelet sends
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running 60 s after SIGTERM");
    assertEquals(0, p.exitValue());
  }

  @Test
  void whatACleanStopSavedTheNextStartServesWithItsFlagsCasAndExpiry() throws Exception {
    Path file = dir.resolve("cache");
    Path log = dir.resolve("log");
    int port = freePort();
    String big = "v".repeat(300_000);
    String casBefore;
    Process first = start(log, port, file);
    try (Client c = new Client(first, port)) {
      assertEquals("STORED\n", c.call("set kept 42 0 5\r\nhello\r\n", "STORED"));
      assertEquals(
          "STORED\n", c.call("set big 0 3600 " + big.length() + "\r\n" + big + "\r\n", "STORED"));
      assertEquals("STORED\n", c.call("set brief 0 3 1\r\nb\r\n", "STORED"));
      casBefore = c.call("gets kept\r\n", "END").split("\n")[0];
    }
    long stoppedAt = System.nanoTime();
    stop(first);
    assertTrue(Files.exists(file) && Files.exists(dir.resolve("cache.meta")), "saved on SIGTERM");
    // let "brief" (3 s) expire while no server runs
    Thread.sleep(Math.max(0, 4000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt)));

    Process second = start(log, port, file);
    try (Client c = new Client(second, port)) {
      assertEquals(casBefore + "\nhello\nEND\n", c.call("gets kept\r\n", "END"));
      assertEquals(
          "VALUE big 0 " + big.length() + "\n" + big + "\nEND\n", c.call("get big\r\n", "END"));
      assertEquals("END\n", c.call("get brief\r\n", "END"), "expired while stopped");
      String ttl = c.line("mg big t\r\n");
      assertTrue(ttl.startsWith("HD t"), ttl);
      assertTrue(Integer.parseInt(ttl.substring(4)) > 3500, "the TTL goes on: " + ttl);
      // a new store takes a CAS above the restored ones
      assertEquals("STORED\n", c.call("set fresh 0 0 1\r\nf\r\n", "STORED"));
      long restoredCas = Long.parseLong(casBefore.substring(casBefore.lastIndexOf(' ') + 1));
      String fresh = c.call("gets fresh\r\n", "END").split("\n")[0];
      assertTrue(Long.parseLong(fresh.substring(fresh.lastIndexOf(' ') + 1)) > restoredCas, fresh);
      assertFalse(Files.exists(dir.resolve("cache.meta")), "the metadata goes once read");
    } finally {
      stop(second);
    }
  }

  @Test
  void aMetadataFileMemkubeDidNotWriteStopsTheStart() throws Exception {
    Path file = dir.resolve("cache");
    Files.writeString(dir.resolve("cache.meta"), "");
    Process p = start(dir.resolve("log"), freePort(), file);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "it stops");
    assertEquals(1, p.exitValue());
    assertTrue(
        Files.readString(dir.resolve("log")).contains("cannot restore from " + file),
        Files.readString(dir.resolve("log")));
  }
}
