package io.memkube.protocol.tls;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Date;

/**
 * Words for what goes wrong with certificates: the JDK wraps the reason a handshake failed in
 * layers ({@code PKIX path validation failed: ... validity check failed}) whose innermost says it
 * plainly.
 */
public final class TlsFailures {
  private TlsFailures() {}

  /** The innermost reason of a failed handshake, with the certificate's dates when they are it. */
  public static String describe(Throwable failure) {
    Throwable t = failure;
    while (t != null) {
      if (t instanceof CertificateExpiredException e) {
        return "the peer's certificate has expired (" + e.getMessage() + ")";
      }
      if (t instanceof CertificateNotYetValidException e) {
        return "the peer's certificate is not valid yet (" + e.getMessage() + ")";
      }
      if (t.getCause() == null || t.getCause() == t) {
        break;
      }
      t = t.getCause();
    }
    return String.valueOf(t == null ? failure : t.getMessage());
  }

  /**
   * A warning for a certificate that peers will refuse because of its dates, or null when it is
   * valid now: memcached loads such a certificate without a word and every handshake then fails.
   */
  public static String validityWarning(String file, X509Certificate leaf) {
    Date now = new Date();
    if (now.after(leaf.getNotAfter())) {
      return "the certificate in "
          + file
          + " expired at "
          + leaf.getNotAfter().toInstant()
          + ": clients that check it will refuse the TLS handshake";
    }
    if (now.before(leaf.getNotBefore())) {
      return "the certificate in "
          + file
          + " is not valid before "
          + leaf.getNotBefore().toInstant()
          + ": clients that check it will refuse the TLS handshake";
    }
    return null;
  }
}
