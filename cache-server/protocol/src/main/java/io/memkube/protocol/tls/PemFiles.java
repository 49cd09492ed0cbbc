package io.memkube.protocol.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The PEM files memcached's {@code ssl_chain_cert}, {@code ssl_key} and {@code ssl_ca_cert} name:
 * certificates, and an unencrypted private key as PKCS#8 ({@code BEGIN PRIVATE KEY}, OpenSSL 3's
 * default) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, what cert-manager and older OpenSSL write).
 * The JDK reads neither PEM nor PKCS#1 by itself; this does, without a crypto library.
 */
public final class PemFiles {
  private static final String CERT = "CERTIFICATE";

  private PemFiles() {}

  /** The certificates of a chain file, leaf first. */
  public static X509Certificate[] certificates(String what, String file) {
    return certificates(what, file, read(what, file));
  }

  /**
   * The certificates of PEM {@code text} already read (the operator's view of a Secret's key), leaf
   * first; {@code file} names where it came from in the errors.
   */
  public static X509Certificate[] certificates(String what, String file, String text) {
    List<byte[]> ders = blocks(what, file, text, CERT);
    if (ders.isEmpty()) {
      throw new TlsSetupException(what, file, "no start line"); // OpenSSL's words for it
    }
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      X509Certificate[] certs = new X509Certificate[ders.size()];
      for (int i = 0; i < certs.length; i++) {
        certs[i] = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(ders.get(i)));
      }
      return certs;
    } catch (CertificateException e) {
      throw new TlsSetupException(what, file, "bad certificate: " + e.getMessage());
    }
  }

  /**
   * The private key of {@code file}, checked against the certificate it must go with.
   *
   * @throws TlsSetupException "key values mismatch" (OpenSSL's words) when it is not that
   *     certificate's key
   */
  public static PrivateKey privateKey(String file, X509Certificate leaf) {
    return privateKey(file, read("key", file), leaf);
  }

  /**
   * The private key in PEM {@code text} already read, checked against {@code leaf}; {@code file}
   * names where it came from in the errors.
   */
  public static PrivateKey privateKey(String file, String text, X509Certificate leaf) {
    String what = "key";
    byte[] pkcs8;
    List<byte[]> p8 = blocks(what, file, text, "PRIVATE KEY");
    List<byte[]> p1 = blocks(what, file, text, "RSA PRIVATE KEY");
    if (!p8.isEmpty()) {
      pkcs8 = p8.get(0);
    } else if (!p1.isEmpty()) {
      pkcs8 = Der.rsaPkcs1ToPkcs8(p1.get(0));
    } else if (text.contains("-----BEGIN EC PRIVATE KEY-----")) {
      throw new TlsSetupException(
          what,
          file,
          "an EC key in SEC1 form: convert it to PKCS#8 (openssl pkcs8 -topk8 -nocrypt)");
    } else if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new TlsSetupException(what, file, "the key is encrypted: give it without a passphrase");
    } else {
      throw new TlsSetupException(what, file, "no start line");
    }
    PrivateKey key = null;
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
      try {
        key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        break;
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        // the next algorithm
      }
    }
    if (key == null) {
      throw new TlsSetupException(what, file, "unsupported or malformed private key");
    }
    if (!matches(key, leaf)) {
      throw new TlsSetupException(what, file, "key values mismatch");
    }
    return key;
  }

  /** Whether {@code key} signs what the certificate's public key verifies. */
  private static boolean matches(PrivateKey key, X509Certificate leaf) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm(); // Ed25519, Ed448
        };
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] sig = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(leaf.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(sig);
    } catch (GeneralSecurityException e) {
      return false; // a key of another kind than the certificate's
    }
  }

  private static String read(String what, String file) {
    if (file == null) {
      throw new TlsSetupException(what, null, "no file given");
    }
    try {
      return new String(Files.readAllBytes(Path.of(file)), StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new TlsSetupException(what, file, "No such file or directory");
    } catch (AccessDeniedException e) {
      throw new TlsSetupException(what, file, "Permission denied");
    } catch (IOException e) {
      throw new TlsSetupException(what, file, String.valueOf(e.getMessage()));
    }
  }

  /** The DER bytes of every {@code -----BEGIN label-----} block, in file order. */
  private static List<byte[]> blocks(String what, String file, String text, String label) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    List<byte[]> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int b = text.indexOf(begin, from);
      if (b < 0) {
        return out;
      }
      int e = text.indexOf(end, b);
      if (e < 0) {
        throw new TlsSetupException(what, file, "bad end line");
      }
      String body = text.substring(b + begin.length(), e).replaceAll("\\s", "");
      try {
        out.add(Base64.getDecoder().decode(body));
      } catch (IllegalArgumentException ex) {
        throw new TlsSetupException(what, file, "bad base64 decode");
      }
      from = e + end.length();
    }
  }

  /** The little DER writing PKCS#1 to PKCS#8 needs. */
  static final class Der {
    /** rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {
      0x30,
      0x0d,
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00
    };

    private Der() {}

    /** PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING { the PKCS#1 key } }. */
    static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes(new byte[] {0x02, 0x01, 0x00});
      body.writeBytes(RSA_ALGORITHM);
      body.writeBytes(tlv(0x04, pkcs1));
      return tlv(0x30, body.toByteArray());
    }

    static byte[] tlv(int tag, byte[] value) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(tag);
      int n = value.length;
      if (n < 0x80) {
        out.write(n);
      } else {
        int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
          out.write(n >>> (8 * i));
        }
      }
      out.writeBytes(value);
      return out.toByteArray();
    }
  }
}
