package io.memkube.operator.config;

import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Server-side apply for every owned object, ConfigMaps included (the SDK leaves ConfigMaps and
 * Secrets out by default), and for the status patches. {@code memkube.server-side-apply=false}
 * turns it off for the Fabric8 mock server, which has no SSA.
 */
@Singleton
public class ServerSideApplySwitch implements ConfigurationServiceCustomizer {

  private final boolean ssa;

  public ServerSideApplySwitch(MemkubeConfig config) {
    this.ssa = config.serverSideApply();
  }

  @Override
  public Consumer<ConfigurationServiceOverrider> overrider() {
    return o ->
        o.withSSABasedCreateUpdateMatchForDependentResources(ssa)
            .withUseSSAToPatchPrimaryResource(ssa)
            .withDefaultNonSSAResource(Set.of());
  }
}
