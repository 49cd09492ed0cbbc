package io.memkube.protocol.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch sees a Kubernetes Secret's update (a new directory, the {@code ..data} symlink swapped
 * to it: the watched path's own mtime never moves), reloads a group once per change, and counts a
 * change it cannot use without trying the same content again.
 */
class WatchedFilesTest {
  @TempDir Path dir;

  /** Lays out files as the kubelet does: {@code ..<stamp>/NAME}, {@code ..data}, {@code NAME}. */
  private void publish(String stamp, String cert, String key) throws Exception {
    Path version = Files.createDirectory(dir.resolve(".." + stamp));
    Files.writeString(version.resolve("tls.crt"), cert);
    Files.writeString(version.resolve("tls.key"), key);
    Path tmp = dir.resolve("..data_tmp");
    Files.createSymbolicLink(tmp, Path.of(".." + stamp));
    Files.move(tmp, dir.resolve("..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    for (String name : List.of("tls.crt", "tls.key")) {
      if (!Files.exists(dir.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(dir.resolve(name), Path.of("..data", name));
      }
    }
  }

  @Test
  void aSymlinkSwapReloadsTheGroupOnceAndABrokenChangeIsCountedOnce() throws Exception {
    publish("1", "cert one", "key one");
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

      publish("2", "cert two", "key two");
      w.check();
      w.check();
      assertEquals(List.of("cert two"), seen, "one reload for one swap");
      assertEquals(1, w.reloads());

      publish("3", "broken", "key three");
      w.check();
      w.check();
      assertEquals(1, w.failures(), "the same broken content is tried once");
      assertEquals(List.of("cert two"), seen);

      publish("4", "cert four", "key four");
      w.check();
      assertEquals(List.of("cert two", "cert four"), seen);
      assertEquals(2, w.reloads());
    }
  }
}
