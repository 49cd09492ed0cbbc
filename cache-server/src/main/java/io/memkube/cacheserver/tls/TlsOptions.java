package io.memkube.cacheserver.tls;

import io.memkube.cacheserver.config.BadOptionException;
import io.memkube.cacheserver.config.CArgs;

/**
 * memcached's {@code ssl_*} extended options ({@code -o}), read with memcached's messages. They are
 * accepted without {@code -Z} too (memcached ignores them then), and shown in {@code stats
 * settings}.
 */
public final class TlsOptions {
  /** {@code ssl_verify_mode}: 0 none, 1 request, 2 require, 3 request once (OpenSSL's modes). */
  public static final int VERIFY_NONE = 0;

  public static final int VERIFY_REQUEST = 1;
  public static final int VERIFY_REQUIRE = 2;
  public static final int VERIFY_ONCE = 3;

  private String chainCert;
  private String key;
  private String caCert;
  private int verifyMode = VERIFY_NONE;
  private int keyFormat = 1; // memcached's SSL_FILETYPE_PEM
  private String ciphers;
  private long wbufSizeKb = 16;
  private boolean sessionCache;
  private boolean kernelTls;
  private int minVersion = 2; // TLS 1.2

  /**
   * Applies one {@code ssl_*} suboption.
   *
   * @return false when {@code name} is no TLS suboption (the caller says so as memcached does)
   * @throws BadOptionException with memcached's message and status for a bad value
   */
  public boolean apply(String name, String value) {
    switch (name) {
      case "ssl_chain_cert" -> chainCert = required(name, value);
      case "ssl_key" -> key = required(name, value);
      case "ssl_ca_cert" -> caCert = required(name, value);
      case "ssl_ciphers" -> ciphers = required(name, value);
      case "ssl_verify_mode" -> {
        Long v = CArgs.safeStrtoul(required(name, value));
        if (v == null || v > VERIFY_ONCE) {
          throw failure("Invalid ssl_verify_mode. Use help to see valid options.");
        }
        verifyMode = v.intValue();
      }
      case "ssl_keyformat" -> {
        Long v = CArgs.safeStrtoul(required(name, value));
        if (v == null) {
          throw failure("could not parse argument to ssl_keyformat");
        }
        keyFormat = v.intValue();
      }
      case "ssl_wbuf_size" -> {
        Long v = CArgs.safeStrtoul(required(name, value));
        if (v == null) {
          throw failure("could not parse argument to ssl_wbuf_size");
        }
        wbufSizeKb = v;
      }
      case "ssl_session_cache" -> sessionCache = true;
      case "ssl_kernel_tls" -> kernelTls = true;
      case "ssl_min_version" -> {
        Long v = CArgs.safeStrtoul(required(name, value));
        if (v == null || v > 3) {
          throw failure("Invalid ssl_min_version. Use help to see valid options.");
        }
        minVersion = v.intValue();
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  /**
   * With {@code -Z}: what memcached has and memkube does not, refused rather than ignored (exit 64
   * as memkube's other refusals).
   */
  public void checkSupported() {
    if (keyFormat != 1) {
      throw new BadOptionException(
          "-o ssl_keyformat=" + keyFormat + ": memkube-cache-server reads PEM keys only (1)",
          BadOptionException.EX_USAGE);
    }
    if (ciphers != null) {
      throw new BadOptionException(
          "-o ssl_ciphers: memkube-cache-server takes no OpenSSL cipher list; it offers the JDK's"
              + " default TLS 1.2 and 1.3 suites",
          BadOptionException.EX_USAGE);
    }
    if (kernelTls) {
      throw new BadOptionException(
          "-o ssl_kernel_tls: memkube-cache-server has no kernel TLS offload",
          BadOptionException.EX_USAGE);
    }
  }

  private static String required(String name, String value) {
    if (value == null) {
      throw failure("Missing " + name + " argument");
    }
    return value;
  }

  private static BadOptionException failure(String message) {
    return new BadOptionException(message, BadOptionException.EXIT_FAILURE);
  }

  public String chainCert() {
    return chainCert;
  }

  public String key() {
    return key;
  }

  public String caCert() {
    return caCert;
  }

  public int verifyMode() {
    return verifyMode;
  }

  public int keyFormat() {
    return keyFormat;
  }

  public String ciphers() {
    return ciphers;
  }

  public long wbufSizeKb() {
    return wbufSizeKb;
  }

  public boolean sessionCache() {
    return sessionCache;
  }

  public boolean kernelTls() {
    return kernelTls;
  }

  /**
   * {@code stats settings} shows OpenSSL's flags for the mode, as memcached keeps them: {@code
   * SSL_VERIFY_PEER} 1, {@code FAIL_IF_NO_PEER_CERT} 2, {@code CLIENT_ONCE} 4.
   */
  public int verifyModeFlags() {
    return switch (verifyMode) {
      case VERIFY_REQUEST -> 1;
      case VERIFY_REQUIRE -> 1 | 2;
      case VERIFY_ONCE -> 1 | 4;
      default -> 0;
    };
  }

  /** 0 TLS 1.0 .. 3 TLS 1.3. */
  public int minVersion() {
    return minVersion;
  }

  /** {@code stats settings} spells it as memcached does. */
  public String minVersionName() {
    return "tlsv1." + minVersion;
  }
}
