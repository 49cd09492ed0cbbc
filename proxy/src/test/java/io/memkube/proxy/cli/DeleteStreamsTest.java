package io.memkube.proxy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.RunningProxy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the delete spool goes: {@code -a} as given, or mcrouter's default when it can be used. */
class DeleteStreamsTest {

  @Test
  void aDirectoryGivenWithDashAIsUsedAsGiven(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    RunningProxy.DeleteStream s =
        DeleteStreams.choose(dir, true, 5000, 1 << 20, new PrintWriter(err, true));
    assertEquals(dir, s.dir(), "a proxy restarted on another port finds its spool");
    assertEquals(1 << 20, s.maxBytes());
    assertEquals("", err.toString());
  }

  @Test
  void anUnusableDefaultFallsBackToTheTemporaryDirectoryAndSaysSo(@TempDir Path dir)
      throws Exception {
    // a directory that cannot be created: its parent is a file (as a read-only root is for a
    // non-root proxy)
    Path file = Files.createFile(dir.resolve("not-a-directory"));
    StringWriter err = new StringWriter();
    RunningProxy.DeleteStream s =
        DeleteStreams.choose(
            file.resolve("spool"), false, 5001, 1 << 20, new PrintWriter(err, true));
    assertEquals(
        Path.of(System.getProperty("java.io.tmpdir"), "memkube-proxy-spool", "memkube-proxy-5001"),
        s.dir());
    assertTrue(err.toString().contains("is not writable"), err.toString());
  }
}
