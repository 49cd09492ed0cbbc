package io.memkube.protocol.auth;

import java.nio.file.Path;

/**
 * The server's {@code -Y} credentials, re-read on demand ({@code SIGHUP}, as memcached): a file
 * that cannot be read or is malformed leaves the credentials in force unchanged, so a bad edit
 * never locks every client out (or lets every client in).
 */
public final class Authenticator {
  private final Path file;
  private volatile AuthFile current;

  /**
   * Reads the file once.
   *
   * @throws AuthFileException with memcached's message when it cannot be read or is malformed
   */
  public Authenticator(Path file) {
    this.file = file;
    this.current = AuthFile.load(file);
  }

  /** The file, as given to {@code -Y} ({@code stats settings} shows it). */
  public Path file() {
    return file;
  }

  /** Whether this user and password are an entry of the file as last read. */
  public boolean admits(byte[] user, byte[] password) {
    return current.admits(user, password);
  }

  /** The first entry as last read (a process logging in to itself with it), or null if none. */
  public AuthFile.Login first() {
    AuthFile f = current;
    return f.size() == 0 ? null : f.first();
  }

  /**
   * Reads the file again.
   *
   * @return the number of entries now in force
   * @throws AuthFileException when the file cannot be read or is malformed (the old entries stay)
   */
  public int reload() {
    AuthFile f = AuthFile.load(file);
    current = f;
    return f.size();
  }
}
