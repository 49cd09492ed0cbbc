package io.memkube.proxy.auth;

import io.memkube.protocol.auth.AuthFile;
import io.memkube.protocol.auth.AuthFileException;
import java.nio.file.Path;

/**
 * The login a pool's servers started with memcached's {@code -Y} get from the proxy: the first
 * entry of a file in {@code -Y}'s format ({@code user:password} lines, read exactly as the server
 * reads them, so the file the servers are given works here too). Re-read when the file changes;
 * connections opened after that log in with the new entry, open ones stay logged in.
 */
public final class ServerCredentials {
  private final Path file;
  private volatile AuthFile.Login login;

  private ServerCredentials(Path file, AuthFile.Login login) {
    this.file = file;
    this.login = login;
  }

  /**
   * Reads {@code file}.
   *
   * @throws AuthFileException when it cannot be read, is malformed or has no entry
   */
  public static ServerCredentials load(Path file) {
    return new ServerCredentials(file, read(file));
  }

  private static AuthFile.Login read(Path file) {
    AuthFile f = AuthFile.load(file);
    if (f.size() == 0) {
      throw new AuthFileException(
          "Credentials file [" + file + "] has no 'user:password' line to log in with");
    }
    return f.first();
  }

  public Path file() {
    return file;
  }

  /** The user and password new connections log in with. */
  public AuthFile.Login login() {
    return login;
  }

  /**
   * Reads the file again; a file that cannot be used leaves the login in force.
   *
   * @return the user now in force, for the log
   * @throws AuthFileException when the file cannot be used
   */
  public String reload() {
    login = read(file);
    return "user " + login.userName();
  }
}
