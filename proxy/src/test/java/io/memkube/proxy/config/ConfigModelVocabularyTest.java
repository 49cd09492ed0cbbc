package io.memkube.proxy.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.memkube.protocol.Command;
import io.memkube.proxy.configmodel.spec.HashSpec;
import io.memkube.proxy.configmodel.spec.OperationNames;
import io.memkube.proxy.configmodel.spec.RouteSpec;
import io.memkube.proxy.hash.KeyHash;
import io.memkube.proxy.route.FailoverErrors;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The config model checks names against its own lists (it cannot see the proxy's tables); these
 * must be exactly what the proxy builds, or a config the validator passes could fail to build.
 */
class ConfigModelVocabularyTest {

  @Test
  void theOperationNamesAreThoseOfTheCommandsTheProxyRoutes() {
    Set<String> proxied = new HashSet<>();
    for (Command c : Command.values()) {
      if (c.isProxied()) {
        proxied.add(c.word());
        proxied.add(c.mcrouterName());
      }
    }
    assertEquals(proxied, OperationNames.ALL);
  }

  @Test
  void theKeyHashNamesAreThoseOfTheProxysKeyHashes() {
    Set<String> names = new HashSet<>();
    for (KeyHash h : KeyHash.values()) {
      names.add(h.twemproxyName());
    }
    assertEquals(names, Set.copyOf(HashSpec.KEY_HASHES));
  }

  @Test
  void everyFailoverErrorNameBuilds() {
    for (String name : RouteSpec.Failover.ERROR_NAMES) {
      assertNotNull(assertDoesNotThrow(() -> FailoverErrors.of(List.of(name)), name));
    }
  }
}
