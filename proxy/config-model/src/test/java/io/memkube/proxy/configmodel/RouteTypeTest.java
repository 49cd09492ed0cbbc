package io.memkube.proxy.configmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RouteTypeTest {
  @Test
  void everyTypeIsFoundByItsConfigNameAndAllowsTypeAndName() {
    for (RouteType t : RouteType.values()) {
      assertEquals(t, RouteType.named(t.typeName()));
      assertTrue(t.fields().contains(RouteField.TYPE) && t.fields().contains(RouteField.NAME));
    }
    assertNull(RouteType.named("BogusRoute"));
  }

  @Test
  void shorthandStringsAreMcroutersTypeBarRest() {
    assertEquals("PoolRoute|A", RouteType.POOL_ROUTE.shorthand("A"));
    assertEquals(
        "AllSyncRoute|Pool|A", RouteType.ALL_SYNC_ROUTE.shorthand(ConfigFields.poolServers("A")));
    assertThrows(IllegalStateException.class, () -> RouteType.WARM_UP_ROUTE.shorthand("x"));
  }
}
