package io.memkube.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.api.v1alpha1.AuthSpec;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.ProxySpec;
import io.memkube.operator.TestClusters;
import io.memkube.operator.spec.SpecDefaults;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What holds spec.auth back rather than serve without a login. */
class AuthProblemsTest {

  @Test
  void aWellFormedFileHasNoProblem() {
    assertEquals(Optional.empty(), AuthProblems.malformed("app:secret\nops:other\n"));
  }

  @Test
  void aFileWithoutFinalNewlineIsRefusedBecauseMemcachedWouldCutThePassword() {
    assertEquals(
        Optional.of("the file must end with a newline"), AuthProblems.malformed("app:secret"));
  }

  @Test
  void linesThatAreNotUserColonPasswordAreNamed() {
    assertEquals(
        Optional.of("line 2 is not user:password, line 3 is not user:password"),
        AuthProblems.malformed("app:secret\n\n:nouser\n"));
  }

  @Test
  void moreThanEightEntriesAreRefused() {
    assertTrue(AuthProblems.malformed("u:p\n".repeat(9)).orElseThrow().contains("at most 8"));
  }

  @Test
  void anotherProxyImageWithAuthIsRefusedBecauseItWouldServeWithoutLogin() {
    MemcachedCluster mc = TestClusters.cluster("c", "ns");
    mc.getSpec().setAuth(new AuthSpec());
    mc.getSpec().getAuth().setEnabled(true);
    mc.getSpec().setProxy(new ProxySpec());
    mc.getSpec().getProxy().setImage("mcrouter:latest");
    mc = SpecDefaults.applied(mc);
    assertTrue(
        AuthProblems.proxyCannotCheckLogins(mc, false).orElseThrow().contains("--auth-file"));
    assertEquals(Optional.empty(), AuthProblems.proxyCannotCheckLogins(mc, true));
  }
}
