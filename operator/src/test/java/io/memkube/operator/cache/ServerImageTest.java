package io.memkube.operator.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.api.v1alpha1.MemcachedClusterSpec;
import org.junit.jupiter.api.Test;

class ServerImageTest {
  private static final String BUNDLED = "registry.example:5000/memkube/cache-server:0.1.0";

  private static MemcachedClusterSpec specWithImage(String image) {
    MemcachedClusterSpec spec = new MemcachedClusterSpec();
    spec.setImage(image);
    return spec;
  }

  @Test
  void repositoryDropsTagAndDigestButKeepsTheRegistryPort() {
    assertEquals("memcached", ServerImage.repository("memcached:1.6"));
    assertEquals("memcached", ServerImage.repository("memcached"));
    assertEquals("registry.example:5000/memkube/cache-server", ServerImage.repository(BUNDLED));
    assertEquals(
        "registry.example:5000/memkube/cache-server",
        ServerImage.repository("registry.example:5000/memkube/cache-server"));
    assertEquals(
        "memkube/cache-server",
        ServerImage.repository("memkube/cache-server:1.0@sha256:" + "0".repeat(64)));
  }

  @Test
  void unsetImageIsTheBundledServer() {
    assertTrue(ServerImage.isMemkube(new MemcachedClusterSpec(), BUNDLED));
    assertEquals(BUNDLED, ServerImage.of(new MemcachedClusterSpec(), BUNDLED));
  }

  @Test
  void sameRepositoryWithAnyTagIsTheBundledServer() {
    assertTrue(
        ServerImage.isMemkube(
            specWithImage("registry.example:5000/memkube/cache-server:0.2.0"), BUNDLED));
    assertTrue(
        ServerImage.isMemkube(
            specWithImage("registry.example:5000/memkube/cache-server"), BUNDLED));
  }

  @Test
  void otherRepositoriesAreNot() {
    assertFalse(ServerImage.isMemkube(specWithImage("memcached:1.6"), BUNDLED));
    assertFalse(ServerImage.isMemkube(specWithImage("memkube/cache-server:0.1.0"), BUNDLED));
    assertFalse(
        ServerImage.isMemkube(
            specWithImage("registry.example:5000/memkube/cache-server-fork:0.1.0"), BUNDLED));
  }
}
