package io.memkube.operator.dependent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.memkube.api.v1alpha1.AuthSpec;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.ProxySpec;
import io.memkube.operator.TestClusters;
import java.util.List;
import org.junit.jupiter.api.Test;

/** spec.auth: the generated Secret, and where the -Y file is mounted and checked. */
class AuthDependentsTest {

  private static MemcachedCluster cluster(boolean proxy, String secretName) {
    MemcachedCluster mc = TestClusters.cluster("c", "ns");
    mc.getSpec().setAuth(new AuthSpec());
    mc.getSpec().getAuth().setEnabled(true);
    mc.getSpec().getAuth().setSecretName(secretName);
    mc.getSpec().setProxy(new ProxySpec());
    mc.getSpec().getProxy().setEnabled(proxy);
    return mc;
  }

  private static PodSpec servers(MemcachedCluster mc) {
    return CacheStatefulSetDependent.desired(TestClusters.stablePlan(mc))
        .getSpec()
        .getTemplate()
        .getSpec();
  }

  private static PodSpec proxies(MemcachedCluster mc) {
    return ProxyDaemonSetDependent.desired(TestClusters.stablePlan(mc))
        .getSpec()
        .getTemplate()
        .getSpec();
  }

  @Test
  void generatedSecretHoldsOneMemcachedAuthLineEndingInANewline() {
    var secret = AuthSecretDependent.desired(TestClusters.stablePlan(cluster(true, null)), "pw-1");
    assertEquals("c-auth", secret.getMetadata().getName());
    assertEquals("memkube:pw-1\n", secret.getStringData().get("users"));
    assertEquals("c", secret.getMetadata().getOwnerReferences().get(0).getName());
  }

  @Test
  void generatedPasswordsAreLongRandomAndHaveNoSeparator() {
    String a = AuthSecretDependent.randomPassword();
    assertEquals(43, a.length());
    assertFalse(a.contains(":") || a.contains(" "));
    assertFalse(a.equals(AuthSecretDependent.randomPassword()));
  }

  @Test
  void withoutProxyTheServersCheckLoginsFromTheNamedSecret() {
    PodSpec pod = servers(cluster(false, "shop-users"));
    Container server = pod.getContainers().get(0);
    int y = server.getArgs().indexOf("-Y");
    assertTrue(y >= 0, server.getArgs().toString());
    assertEquals("/etc/memkube/auth/users", server.getArgs().get(y + 1));
    assertTrue(server.getVolumeMounts().stream().anyMatch(m -> m.getName().equals("auth")));
    var volume = pod.getVolumes().stream().filter(v -> v.getName().equals("auth")).findFirst();
    assertEquals("shop-users", volume.orElseThrow().getSecret().getSecretName());
    assertTrue(volume.get().getSecret().getItems().get(0).getKey().equals("users"));
  }

  @Test
  void withProxyTheProxiesCheckLoginsAndLogInToServersThatCheckThemToo() {
    MemcachedCluster mc = cluster(true, null);
    Container proxy = proxies(mc).getContainers().get(0);
    assertTrue(
        proxy.getArgs().contains("--auth-file=/etc/memkube/auth/users"),
        proxy.getArgs().toString());
    assertTrue(
        proxy.getArgs().contains("--pool-credentials-file=/etc/memkube/auth/users"),
        proxy.getArgs().toString());
    // a rotated Secret reaches both without a restart
    assertTrue(proxy.getArgs().contains("--watch-files-interval=5"), proxy.getArgs().toString());
    List<String> server = servers(mc).getContainers().get(0).getArgs();
    assertTrue(server.contains("--watch-files-interval=5"), server.toString());
    assertEquals(
        "c-auth",
        proxies(mc).getVolumes().stream()
            .filter(v -> v.getName().equals("auth"))
            .findFirst()
            .orElseThrow()
            .getSecret()
            .getSecretName());
    int y = server.indexOf("-Y");
    assertTrue(y >= 0, server.toString());
    assertEquals("/etc/memkube/auth/users", server.get(y + 1));
    assertEquals(
        "c-auth",
        servers(mc).getVolumes().stream()
            .filter(v -> v.getName().equals("auth"))
            .findFirst()
            .orElseThrow()
            .getSecret()
            .getSecretName());
  }

  @Test
  void authOffMountsNothing() {
    MemcachedCluster mc = TestClusters.cluster("c", "ns");
    assertFalse(servers(mc).getContainers().get(0).getArgs().contains("-Y"));
    assertTrue(proxies(mc).getVolumes().stream().noneMatch(v -> v.getName().equals("auth")));
    // nothing to watch: no flag (an older image would not know it)
    assertTrue(
        servers(mc).getContainers().get(0).getArgs().stream()
            .noneMatch(a -> a.startsWith("--watch-files-interval")));
  }
}
