package io.memkube.protocol.tls;

/**
 * A certificate, key or CA file that cannot be used, said as memcached says it ({@code Error
 * loading the key: <file> : <reason>}): at start-up (exit 64) and as the reply to {@code
 * refresh_certs}.
 */
public final class TlsSetupException extends RuntimeException {
  private final String reason;

  public TlsSetupException(String what, String file, String reason) {
    super("Error loading the " + what + ": " + (file == null ? "(null)" : file) + " : " + reason);
    this.reason = reason;
  }

  /** What is wrong, without memcached's prefix (the operator names the Secret's key itself). */
  public String reason() {
    return reason;
  }
}
