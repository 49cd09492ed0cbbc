package io.memkube.cacheserver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** libmemcached's conformance tool, ASCII tests only, must pass every test. */
class MemccapableTest {
  static final String BINARY = System.getProperty("memccapable.binary", "/usr/bin/memccapable");

  @Test
  void memccapableAsciiTestsAllPass() throws Exception {
    if (!new File(BINARY).canExecute()) {
      throw new IllegalStateException(BINARY + " is missing: install Debian's libmemcached-tools");
    }
    try (InProcessServer server = InProcessServer.start()) {
      Process p =
          new ProcessBuilder(BINARY, "-a", "-h", "127.0.0.1", "-p", "" + server.port, "-t", "10")
              .redirectErrorStream(true)
              .start();
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "memccapable timed out");
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), out);
      assertTrue(out.contains("All tests passed"), out);
    }
  }
}
