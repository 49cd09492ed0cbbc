package io.memkube.protocol.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch sees a Kubernetes Secret's update (a new directory, the {@code ..data} symlink swapped
 * to it: the watched path's own mtime never moves), reloads a group once per change, and counts a
 * change it cannot use without trying the same content again.
 */
class WatchedFilesTest {
  @TempDir Path dir;

  private void publish(SecretVolume secret, String cert, String key) throws Exception {
    secret.publish(
        Map.of(
            "tls.crt", cert.getBytes(StandardCharsets.UTF_8),
            "tls.key", key.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aSymlinkSwapReloadsTheGroupOnceAndABrokenChangeIsCountedOnce() throws Exception {
    SecretVolume secret = new SecretVolume(dir);
    publish(secret, "cert one", "key one");
    List<String> seen = new ArrayList<>();
    try (WatchedFiles w = new WatchedFiles("test")) {
      w.watch(
          "tls",
          List.of(dir.resolve("tls.crt").toString(), dir.resolve("tls.key").toString()),
          () -> {
            String content = Files.readString(dir.resolve("tls.crt"));
            if (content.contains("broken")) {
              throw new IllegalStateException("cannot use " + content);
            }
            seen.add(content);
            return null;
          });
      w.check();
      assertEquals(List.of(), seen, "nothing changed yet");

      publish(secret, "cert two", "key two");
      w.check();
      w.check();
      assertEquals(List.of("cert two"), seen, "one reload for one swap");
      assertEquals(1, w.reloads());

      publish(secret, "broken", "key three");
      w.check();
      w.check();
      assertEquals(1, w.failures(), "the same broken content is tried once");
      assertEquals(List.of("cert two"), seen);

      publish(secret, "cert four", "key four");
      w.check();
      assertEquals(List.of("cert two", "cert four"), seen);
      assertEquals(2, w.reloads());
    }
  }
}
