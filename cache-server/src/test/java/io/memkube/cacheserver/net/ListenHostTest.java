package io.memkube.cacheserver.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ListenHostTest {
  @Test
  void anIpv4WildcardBoundDualStackIsShownAsMemcachedShowsIt() throws Exception {
    InetSocketAddress dualStack = new InetSocketAddress(InetAddress.getByName("::"), 11211);
    assertEquals(
        "0.0.0.0", CacheServer.listenHost(new InetSocketAddress("0.0.0.0", 11211), dualStack));
  }

  @Test
  void aSpecificAddressIsShownAsBound() throws Exception {
    InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 11211);
    assertEquals("127.0.0.1", CacheServer.listenHost(loopback, loopback));
  }
}
