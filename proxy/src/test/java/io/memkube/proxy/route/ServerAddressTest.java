package io.memkube.proxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.configmodel.spec.ServerAddress;
import org.junit.jupiter.api.Test;

/** mcrouter's server strings with a security mechanism: {@code host:port:ascii:ssl}. */
class ServerAddressTest {
  @Test
  void sslMarksATlsServerAndPlainDoesNot() {
    ServerAddress tls = ServerAddress.parse("cache-0.cache:11211:ascii:ssl");
    assertTrue(tls.tls());
    assertEquals("cache-0.cache:11211:ascii:ssl", tls.toString());
    assertFalse(ServerAddress.parse("cache-0.cache:11211:ascii:plain").tls());
    assertEquals("cache-0.cache:11211", ServerAddress.parse("cache-0.cache:11211").toString());
  }

  @Test
  void aTlsServerIsAnotherDestinationThanThePlainOne() {
    ServerAddress plain = ServerAddress.parse("192.0.2.7:11211");
    assertFalse(plain.equals(plain.withTls()));
  }
}
