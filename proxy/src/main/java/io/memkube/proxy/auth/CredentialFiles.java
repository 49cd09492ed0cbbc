package io.memkube.proxy.auth;

import io.memkube.protocol.auth.AuthFileException;
import io.memkube.protocol.reload.WatchedFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The credentials files pools name ({@code "credentials_file"}) and the default for pools that name
 * none ({@code --pool-credentials-file}): each file is read once and shared by every pool and
 * config that names it, so that a reload of the config keeps it and the file watch reloads it in
 * one place.
 */
public final class CredentialFiles {
  private final Path defaultFile;
  private final boolean readFiles;
  private final ConcurrentHashMap<Path, ServerCredentials> files = new ConcurrentHashMap<>();
  private volatile WatchedFiles watch;

  private CredentialFiles(Path defaultFile, boolean readFiles) {
    this.defaultFile = defaultFile;
    this.readFiles = readFiles;
  }

  /**
   * With {@code --pool-credentials-file} ({@code defaultFile}, read now), or null for none.
   *
   * @throws AuthFileException when the default file cannot be used
   */
  public static CredentialFiles withDefault(Path defaultFile) {
    CredentialFiles f = new CredentialFiles(defaultFile, true);
    if (defaultFile != null) {
      f.forPool(null);
    }
    return f;
  }

  /** No default, files read when a pool names them. */
  public static CredentialFiles none() {
    return new CredentialFiles(null, true);
  }

  /** For checking a config only: files are named but not read (they may live on another host). */
  public static CredentialFiles forValidation() {
    return new CredentialFiles(null, false);
  }

  /**
   * The login of a pool: the file it names, or the default when {@code file} is null; null when
   * neither (its servers get no login).
   *
   * @throws AuthFileException when the file cannot be used
   */
  public ServerCredentials forPool(String file) {
    Path p = file != null ? Path.of(file) : defaultFile;
    if (p == null || !readFiles) {
      return null;
    }
    ServerCredentials c = files.get(p);
    if (c == null) {
      c = ServerCredentials.load(p);
      ServerCredentials raced = files.putIfAbsent(p, c);
      if (raced != null) {
        return raced;
      }
      WatchedFiles w = watch;
      if (w != null) {
        watch(w, c);
      }
    }
    return c;
  }

  /** Reloads every file read so far, and every file read later, when its content changes. */
  public void watchWith(WatchedFiles w) {
    this.watch = w;
    files.values().forEach(c -> watch(w, c));
  }

  private static void watch(WatchedFiles w, ServerCredentials c) {
    w.watch("credentials file " + c.file(), List.of(c.file().toString()), c::reload);
  }
}
