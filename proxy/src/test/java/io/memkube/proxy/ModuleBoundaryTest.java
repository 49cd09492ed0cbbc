package io.memkube.proxy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The proxy gets the protocol from memkube-protocol, and the cache server stays out of it. */
class ModuleBoundaryTest {
  @Test
  void theCacheServerIsNotOnTheProxysClassPath() {
    assertThrows(
        ClassNotFoundException.class,
        () -> Class.forName("io.memkube.cacheserver.storage.Cache"),
        "the proxy must not carry the storage engine");
  }

  @Test
  void theSharedProtocolIs() {
    assertDoesNotThrow(() -> Class.forName("io.memkube.protocol.request.RequestParser"));
  }
}
