package io.memkube.operator.reconciler;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The Fabric8 mock server in CRUD mode has no server-side apply, no schema defaults and no garbage
 * collection: SSA is off here, and the tests do not rely on the other two.
 */
public class MockServerProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "quarkus.operator-sdk.enable-ssa", "false",
        "memkube.scaling.scale-down-grace", "3s",
        "memkube.cache-server.image", "memkube/cache-server:test",
        "memkube.proxy.image", "memkube/proxy:test");
  }
}
