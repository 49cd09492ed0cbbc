package io.memkube.protocol.auth;

/** Where the handshake counts what it did: memcached's {@code auth_cmds}, {@code auth_errors}. */
public interface AuthCounters {
  /** A login was tried ({@code auth_cmds}). */
  void attempted();

  /** A login failed ({@code auth_errors}). */
  void failed();

  /** Reply bytes the handshake wrote itself ({@code bytes_written}). */
  void wrote(int bytes);
}
