package io.memkube.operator.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BundledImageTest {
  private static final String CONFIGURED = "registry.example:5000/memkube/cache-server:0.1.0";

  @Test
  void repositoryDropsTagAndDigestButKeepsTheRegistryPort() {
    assertEquals("memcached", BundledImage.repository("memcached:1.6"));
    assertEquals("memcached", BundledImage.repository("memcached"));
    assertEquals("registry.example:5000/memkube/cache-server", BundledImage.repository(CONFIGURED));
    assertEquals(
        "registry.example:5000/memkube/cache-server",
        BundledImage.repository("registry.example:5000/memkube/cache-server"));
    assertEquals(
        "memkube/cache-server",
        BundledImage.repository("memkube/cache-server:1.0@sha256:" + "0".repeat(64)));
  }

  @Test
  void noImageInTheSpecMeansTheConfiguredOne() {
    assertTrue(BundledImage.isBundled(null, CONFIGURED));
    assertEquals(CONFIGURED, BundledImage.of(null, CONFIGURED));
    assertEquals("memcached:1.6", BundledImage.of("memcached:1.6", CONFIGURED));
  }

  @Test
  void sameRepositoryWithAnyTagIsBundled() {
    assertTrue(
        BundledImage.isBundled("registry.example:5000/memkube/cache-server:0.2.0", CONFIGURED));
    assertTrue(BundledImage.isBundled("registry.example:5000/memkube/cache-server", CONFIGURED));
  }

  @Test
  void otherRepositoriesAreNot() {
    assertFalse(BundledImage.isBundled("memcached:1.6", CONFIGURED));
    assertFalse(BundledImage.isBundled("memkube/cache-server:0.1.0", CONFIGURED));
    assertFalse(
        BundledImage.isBundled(
            "registry.example:5000/memkube/cache-server-fork:0.1.0", CONFIGURED));
  }
}
