package io.memkube.proxy.configmodel;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The operator (Netty 4.1, from Quarkus) checks configs with this module, so it must bring no Netty
 * and none of the proxy along.
 */
class ModuleBoundaryTest {
  @Test
  void nettyIsNotOnTheConfigModelsClassPath() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("io.netty.buffer.ByteBuf"));
  }

  @Test
  void theProxyIsNot() {
    assertThrows(
        ClassNotFoundException.class, () -> Class.forName("io.memkube.proxy.route.RouteHandle"));
  }
}
