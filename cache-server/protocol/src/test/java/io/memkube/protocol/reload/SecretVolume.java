package io.memkube.protocol.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * A directory laid out as the kubelet lays out a mounted Secret: each version in {@code ..<n>/},
 * {@code ..data} a symlink to the current one, and each key a symlink through {@code ..data}. A new
 * version is written whole, then {@code ..data} is swapped to it in one rename, so a reader sees
 * the old files or the new, and the keys' own paths (and mtimes) never change.
 */
public final class SecretVolume {
  private final Path dir;
  private int version;

  public SecretVolume(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  /** The path a key is read at ({@code DIR/KEY}). */
  public Path path(String key) {
    return dir.resolve(key);
  }

  /** Publishes a new version with these keys and contents, as one swap. */
  public void publish(Map<String, byte[]> keys) throws IOException {
    Path next = Files.createDirectory(dir.resolve("..v" + ++version));
    for (Map.Entry<String, byte[]> k : keys.entrySet()) {
      Files.write(next.resolve(k.getKey()), k.getValue());
    }
    Path tmp = dir.resolve("..data_tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, next.getFileName());
    Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    for (String key : keys.keySet()) {
      if (!Files.exists(dir.resolve(key), LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(dir.resolve(key), Path.of("..data", key));
      }
    }
  }

  /** {@link #publish} from files: each key takes the content of its file now. */
  public void publishFiles(Map<String, Path> keys) throws IOException {
    Map<String, byte[]> content = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, Path> k : keys.entrySet()) {
      content.put(k.getKey(), Files.readAllBytes(k.getValue()));
    }
    publish(content);
  }
}
