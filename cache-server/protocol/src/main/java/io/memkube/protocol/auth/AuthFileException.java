package io.memkube.protocol.auth;

import java.nio.file.Path;

/** An auth file memcached would refuse, with memcached's own words for it. */
public final class AuthFileException extends RuntimeException {
  public AuthFileException(String message) {
    super(message);
  }

  static AuthFileException cannotOpen(Path path, String reason) {
    // memcached prints strerror twice (once in its format, once through perror)
    return new AuthFileException(
        "Could not open authfile [" + path + "] for reading, error " + reason + ": " + reason);
  }

  static AuthFileException malformed(Path path) {
    return new AuthFileException(
        "Authfile [" + path + "] has a malformed entry. Should be 'user:password'");
  }
}
