package io.memkube.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.MemcachedClusterStatus;
import io.memkube.api.v1alpha1.RoutingSpec;
import io.memkube.operator.config.MemkubeConfig;
import io.memkube.operator.config.OperatorSettings;
import io.memkube.operator.dependent.AuthSecretDependent;
import io.memkube.operator.dependent.AuthSecretWantedCondition;
import io.memkube.operator.dependent.CacheNetworkPolicyDependent;
import io.memkube.operator.dependent.CachePodDisruptionBudgetDependent;
import io.memkube.operator.dependent.CacheStatefulSetDependent;
import io.memkube.operator.dependent.CertManagerCertificate;
import io.memkube.operator.dependent.ClusterPlan;
import io.memkube.operator.dependent.HeadlessServiceDependent;
import io.memkube.operator.dependent.MemkubeProxyCondition;
import io.memkube.operator.dependent.NetworkPolicyEnabledCondition;
import io.memkube.operator.dependent.PodDisruptionBudgetEnabledCondition;
import io.memkube.operator.dependent.PodMonitorCrdPresentCondition;
import io.memkube.operator.dependent.ProxyConfigMapDependent;
import io.memkube.operator.dependent.ProxyDaemonSetDependent;
import io.memkube.operator.dependent.ProxyEnabledCondition;
import io.memkube.operator.dependent.ProxyNetworkPolicyDependent;
import io.memkube.operator.dependent.ProxyNetworkPolicyWantedCondition;
import io.memkube.operator.dependent.ProxyPodMonitorDependent;
import io.memkube.operator.dependent.ProxyPodMonitorWantedCondition;
import io.memkube.operator.dependent.ProxyReportsConfigMapDependent;
import io.memkube.operator.dependent.ProxyRoleBindingDependent;
import io.memkube.operator.dependent.ProxyRoleDependent;
import io.memkube.operator.dependent.ProxyServiceAccountDependent;
import io.memkube.operator.dependent.ProxyServiceDependent;
import io.memkube.operator.dependent.SecretDigests;
import io.memkube.operator.dependent.ServiceMonitorCrdPresentCondition;
import io.memkube.operator.dependent.ServiceMonitorDependent;
import io.memkube.operator.dependent.ServiceMonitorWantedCondition;
import io.memkube.operator.dependent.StopTimings;
import io.memkube.operator.naming.ClusterNames;
import io.memkube.operator.proxy.ProxyConfigOverrides;
import io.memkube.operator.proxy.ProxyConfigRenderer;
import io.memkube.operator.scaling.ProxyAgreement;
import io.memkube.operator.scaling.RingPlan;
import io.memkube.operator.scaling.RingPlanner;
import io.memkube.operator.scaling.RingState;
import io.memkube.operator.scaling.ScalingStep;
import io.memkube.operator.scaling.ServerRoll;
import io.memkube.operator.spec.SpecDefaults;
import io.memkube.operator.spec.SpecProblems;
import io.memkube.operator.status.ObservedState;
import io.memkube.operator.status.SecurityInForce;
import io.memkube.operator.status.ServerPods;
import io.memkube.operator.status.StatusAggregator;
import io.memkube.operator.status.StatusAggregator.Blocked;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Reconciles a MemcachedCluster: checks what the schema cannot, decides this step of ring-safe
 * scaling, applies the owned objects (the workflow below, invoked explicitly so that the plan is
 * ready before any dependent computes its desired state), then writes the status when it changed.
 */
@ControllerConfiguration(
    name = MemcachedClusterReconciler.NAME,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = ClusterSpecOrMetadataChanged.class))
@Workflow(
    explicitInvocation = true,
    dependents = {
      @Dependent(name = "headless-service", type = HeadlessServiceDependent.class),
      @Dependent(
          name = "statefulset",
          type = CacheStatefulSetDependent.class,
          dependsOn = "headless-service"),
      @Dependent(
          name = "pod-disruption-budget",
          type = CachePodDisruptionBudgetDependent.class,
          reconcilePrecondition = PodDisruptionBudgetEnabledCondition.class),
      @Dependent(
          name = "network-policy",
          type = CacheNetworkPolicyDependent.class,
          reconcilePrecondition = NetworkPolicyEnabledCondition.class),
      @Dependent(
          name = "proxy-network-policy",
          type = ProxyNetworkPolicyDependent.class,
          reconcilePrecondition = ProxyNetworkPolicyWantedCondition.class),
      @Dependent(
          name = "auth-secret",
          type = AuthSecretDependent.class,
          reconcilePrecondition = AuthSecretWantedCondition.class),
      @Dependent(
          name = "proxy-configmap",
          type = ProxyConfigMapDependent.class,
          reconcilePrecondition = ProxyEnabledCondition.class),
      @Dependent(
          name = "proxy-reports-configmap",
          type = ProxyReportsConfigMapDependent.class,
          reconcilePrecondition = MemkubeProxyCondition.class),
      @Dependent(
          name = "proxy-serviceaccount",
          type = ProxyServiceAccountDependent.class,
          reconcilePrecondition = MemkubeProxyCondition.class),
      @Dependent(
          name = "proxy-role",
          type = ProxyRoleDependent.class,
          reconcilePrecondition = MemkubeProxyCondition.class),
      @Dependent(
          name = "proxy-rolebinding",
          type = ProxyRoleBindingDependent.class,
          dependsOn = {"proxy-role", "proxy-serviceaccount"},
          reconcilePrecondition = MemkubeProxyCondition.class),
      @Dependent(
          name = "proxy-daemonset",
          type = ProxyDaemonSetDependent.class,
          // Not on the proxies' RBAC objects: their precondition (memkube's proxy image) would
          // take the DaemonSet down with them for another image. A pod created a moment before
          // its ServiceAccount is created again by the DaemonSet controller.
          dependsOn = "proxy-configmap",
          reconcilePrecondition = ProxyEnabledCondition.class),
      @Dependent(
          name = "proxy-service",
          type = ProxyServiceDependent.class,
          reconcilePrecondition = ProxyEnabledCondition.class),
      @Dependent(
          name = "service-monitor",
          type = ServiceMonitorDependent.class,
          dependsOn = "headless-service",
          reconcilePrecondition = ServiceMonitorWantedCondition.class,
          activationCondition = ServiceMonitorCrdPresentCondition.class),
      @Dependent(
          name = "proxy-pod-monitor",
          type = ProxyPodMonitorDependent.class,
          // No dependsOn on the proxy DaemonSet: when a parent's precondition fails, the SDK
          // (5.3.2) marks its descendants for deletion and starts their informers whatever their
          // activation condition says, so with the proxy off and no PodMonitor CRD every
          // reconciliation failed. Its own precondition already requires the proxy.
          reconcilePrecondition = ProxyPodMonitorWantedCondition.class,
          activationCondition = PodMonitorCrdPresentCondition.class)
    })
public class MemcachedClusterReconciler implements Reconciler<MemcachedCluster> {

  /**
   * How often a cluster held back by a missing or malformed Secret (or missing cert-manager) looks
   * for it again.
   */
  static final Duration SECRET_RECHECK = Duration.ofSeconds(30);

  /**
   * How often a cluster whose memcached or mcrouter pods carry the Secrets' digests looks at the
   * Secrets again.
   */
  static final Duration SECRET_ROTATION_RECHECK = Duration.ofSeconds(60);

  /** How often a cluster waiting for cert-manager to issue its certificate looks again. */
  static final Duration CERTIFICATE_RECHECK = Duration.ofSeconds(5);

  /*
   * Every status patch is followed by one more reconciliation (rescheduleAfter(0)). JOSDK 5.3
   * drops the watch events of the primary that arrive while its own status patch is in flight and
   * are older than the patch's resourceVersion (the patch carries no resourceVersion, so it
   * succeeds on top of them): a spec or annotation change written just before our status patch
   * (kubectl scale, an HPA, the pause annotation) would then wait for some unrelated event. The
   * extra pass reads the patched primary, which holds that change; when nothing changed it writes
   * nothing and schedules nothing. Upstream: operator-framework/java-operator-sdk#3398.
   */

  /** The controller's name; its configuration keys hang off it. */
  public static final String NAME = "memcachedcluster";

  private static final Logger LOG = Logger.getLogger(MemcachedClusterReconciler.class);

  private final OperatorSettings settings;
  private final RingPlanner planner;
  private final StatusAggregator aggregator;
  private final ReconcileMetrics metrics;
  private final Clock clock;
  private final BooleanSupplier shuttingDown;

  @Inject
  public MemcachedClusterReconciler(
      MemkubeConfig config, MeterRegistry registry, OperatorShutdown shutdown) {
    this(OperatorSettings.from(config), registry, Clock.systemUTC(), shutdown::inProgress);
  }

  public MemcachedClusterReconciler(
      OperatorSettings settings, MeterRegistry registry, Clock clock) {
    this(settings, registry, clock, () -> false);
  }

  MemcachedClusterReconciler(
      OperatorSettings settings,
      MeterRegistry registry,
      Clock clock,
      BooleanSupplier shuttingDown) {
    this.shuttingDown = shuttingDown;
    this.settings = settings;
    this.planner = new RingPlanner(settings.scaleDownGrace(), settings.proxyRingWarmUp());
    this.aggregator = new StatusAggregator(settings.clusterDomain());
    this.metrics = new ReconcileMetrics(registry);
    this.clock = clock;
  }

  /**
   * What the StatefulSet and DaemonSet report after the workflow applied them. The SDK (5.3.2)
   * takes a watch event that arrives while its own apply of that object is in flight, and is older
   * than the apply's answer, for the apply's own and drops it: a controller's status write between
   * this pass's first read and its apply then triggers no reconciliation. The apply's answer (in
   * the SDK's cache now) holds that write, so the status is built from this second read.
   */
  private static ObservedState observe(MemcachedCluster mc, Context<MemcachedCluster> context) {
    return ObservedState.of(
        context.getSecondaryResource(StatefulSet.class).orElse(null),
        mc.getSpec().getProxy().getEnabled()
            ? context.getSecondaryResource(DaemonSet.class).orElse(null)
            : null);
  }

  @Override
  public UpdateControl<MemcachedCluster> reconcile(
      MemcachedCluster primary, Context<MemcachedCluster> context) {
    MemcachedCluster mc = SpecDefaults.applied(primary);
    StatefulSet sts = context.getSecondaryResource(StatefulSet.class).orElse(null);
    ObservedState observed = observe(mc, context);

    if (primary.isPaused()) {
      return finish(
          primary, mc, null, observed, ServerPods.NONE, Blocked.PAUSED, List.of(), context);
    }
    List<String> problems = new ArrayList<>(SpecProblems.of(mc.getSpec()));
    if (problems.isEmpty()) {
      problems.addAll(ForeignObjects.inCache(context, mc, ClusterPlan.memkubeProxy(mc, settings)));
    }
    if (problems.isEmpty()) {
      AuthProblems.proxyCannotCheckLogins(mc, ClusterPlan.memkubeProxy(mc, settings))
          .ifPresent(problems::add);
    }
    if (!problems.isEmpty()) {
      metrics.invalidSpec();
      return notApplied(primary, mc, observed, Blocked.INVALID, problems, context);
    }
    // Before anything is applied: a pod mounting a missing Secret would never start, and one
    // with a malformed file would refuse every login.
    List<String> secretProblems = AuthProblems.secret(context.getClient(), mc);
    if (!secretProblems.isEmpty()) {
      return notApplied(primary, mc, observed, Blocked.SECRET_MISSING, secretProblems, context);
    }
    // cert-manager's Certificate first: its Secret, which the check below waits for, follows it
    Optional<String> noCertManager =
        CertManagerCertificate.ensure(context.getClient(), mc, settings.clusterDomain());
    if (noCertManager.isPresent()) {
      return notApplied(
          primary,
          mc,
          observed,
          Blocked.CERT_MANAGER_MISSING,
          List.of(noCertManager.get()),
          context);
    }
    TlsSecretCheck tls = TlsSecretCheck.read(context.getClient(), mc, clock.instant());
    if (!tls.problems().isEmpty()) {
      return notApplied(
          primary,
          mc,
          observed,
          tls.pending() ? Blocked.CERTIFICATE_PENDING : Blocked.SECRET_MISSING,
          tls.problems(),
          context);
    }

    List<Pod> pods =
        PodReadiness.needed(mc, sts) ? PodReadiness.list(context.getClient(), mc) : List.of();
    RingPlan plan = plan(mc, sts, pods, context);
    RingState ringBefore =
        configMap(context, ClusterNames.proxy(mc))
            .map(cm -> RingState.fromAnnotations(cm.getMetadata().getAnnotations()))
            .orElse(null);
    Optional<String> refused = proxyConfigRefusal(mc, plan);
    Optional<String> running =
        configMap(context, ClusterNames.proxy(mc))
            .map(
                cm ->
                    cm.getData() == null ? null : cm.getData().get(ProxyConfigRenderer.CONFIG_KEY));
    if (refused.isPresent() && (ringBefore == null || running.isEmpty())) {
      // No proxy runs a config of this cluster yet: nothing to keep, nothing is applied.
      return notApplied(
          primary, mc, observed, Blocked.PROXY_CONFIG_REFUSED, List.of(refused.get()), context);
    }
    SecretDigests digests = secretDigests(context.getClient(), mc, tls);
    ClusterPlan clusterPlan =
        refused.isEmpty()
            ? new ClusterPlan(mc, settings, plan, null, tls.ca(), digests)
            : new ClusterPlan(mc, settings, plan, null, tls.ca(), digests)
                .holding(held(plan, ringBefore, sts), running.get());
    clusterPlan.storeIn(context);
    try {
      // throws its errors itself: @Workflow(handleExceptionsInReconciler) is not carried over by
      // the Quarkus extension (7.7.3 answers false whatever the annotation says)
      context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    } catch (AggregatedOperatorException e) {
      if (ForeignObjects.createRefused(e.getAggregatedExceptions())) {
        // a create refused because an object of that name exists: someone else's?
        List<String> foreign =
            ForeignObjects.find(context, mc, ClusterPlan.memkubeProxy(mc, settings));
        if (!foreign.isEmpty()) {
          metrics.invalidSpec();
          return notApplied(primary, mc, observed, Blocked.INVALID, foreign, context);
        }
      }
      throw e;
    }
    plan = clusterPlan.ring();
    ObservedState applied = observe(mc, context);
    // the proxy ConfigMap now lists the new ring: say so once, as the Event of that change
    new ClusterEvents(context.getClient()).recordRingChange(primary, ringBefore, plan.ring());
    metrics.step(plan.step());
    Blocked blocked =
        refused.isPresent()
            ? Blocked.PROXY_CONFIG_REFUSED
            : tls.dates()
                .map(
                    d ->
                        d.expired()
                            ? Blocked.CERTIFICATE_EXPIRED
                            : Blocked.CERTIFICATE_NOT_YET_VALID)
                .orElse(Blocked.NO);
    UpdateControl<MemcachedCluster> control =
        finish(
            primary,
            mc,
            plan,
            applied,
            ServerPods.of(pods, clock.instant()),
            blocked,
            refused.isPresent()
                ? refused.stream().toList()
                : tls.dates().map(d -> List.of(d.message())).orElse(List.of()),
            context);
    if (control.getScheduleDelay().isPresent()) {
      return control;
    }
    if (!applied.equals(observed)) {
      // the workloads moved while this pass ran: plan again with what they say now
      return control.rescheduleAfter(Duration.ZERO);
    }
    Duration next = earliest(plan.requeueAfter(), untilExpiry(tls));
    if (tls.dates().isPresent()) {
      // the user's Secret is not watched: look for its replacement
      next = earliest(next, SECRET_RECHECK);
    }
    if (!digests.equals(SecretDigests.NONE)) {
      // the Secrets are not watched: look at their content again so that a rotation rolls the
      // images that read them only at start within about a minute, as the kubelet's own sync
      next = earliest(next, SECRET_ROTATION_RECHECK);
    }
    return next == null ? control : control.rescheduleAfter(next);
  }

  /**
   * The Secrets' digests for the pod templates of images that read them only at start (memcached
   * for the servers, mcrouter for the proxies); none when every image is memkube's, which reload
   * the files themselves, so that their templates never carry them and never roll for them. The
   * auth Secret is read again here only then (a generated one not created yet has no digest: its
   * pods wait for the Secret to be mounted, and get the digest at the next pass).
   */
  private SecretDigests secretDigests(
      KubernetesClient client, MemcachedCluster mc, TlsSecretCheck tls) {
    boolean otherServer = !ClusterPlan.memkubeServer(mc, settings);
    boolean otherProxy =
        mc.getSpec().getProxy().getEnabled() && !ClusterPlan.memkubeProxy(mc, settings);
    if (!otherServer && !otherProxy) {
      return SecretDigests.NONE;
    }
    String auth = null;
    if (otherServer && mc.getSpec().getAuth().getEnabled()) {
      auth =
          SecretDigests.of(
              client
                  .secrets()
                  .inNamespace(mc.getMetadata().getNamespace())
                  .withName(ClusterNames.authSecret(mc))
                  .get());
    }
    return new SecretDigests(tls.digest(), auth);
  }

  /**
   * How long until a certificate of the TLS Secret expires, when it is in force now: nothing else
   * changes at that moment (the Secret is not watched), so the reconciler looks again then to say
   * so. A second after, so that the certificate is past its date when it looks.
   */
  private Duration untilExpiry(TlsSecretCheck tls) {
    if (tls.notAfter() == null || !clock.instant().isBefore(tls.notAfter())) {
      return null;
    }
    return Duration.between(clock.instant(), tls.notAfter()).plusSeconds(1);
  }

  private static Duration earliest(Duration a, Duration b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public ErrorStatusUpdateControl<MemcachedCluster> updateErrorStatus(
      MemcachedCluster primary, Context<MemcachedCluster> context, Exception e) {
    if (shuttingDown.getAsBoolean()) {
      // Failed because the operator is stopping (its client and executors close): the cluster is
      // fine, and whichever instance leads next reconciles it again. No status, no Event.
      LOG.debugf(
          "reconciliation of %s interrupted by the shutdown: %s",
          primary.getMetadata().getName(), rootMessage(e));
      return ErrorStatusUpdateControl.<MemcachedCluster>noStatusUpdate().withNoRetry();
    }
    MemcachedCluster mc = SpecDefaults.applied(primary);
    ObservedState observed = observe(mc, context);
    String message = "applying the owned objects failed: " + rootMessage(e);
    MemcachedClusterStatus status =
        aggregator.aggregate(
            mc,
            primary.getStatus(),
            null,
            observed,
            Blocked.FAILED,
            List.of(message),
            clock.instant());
    if (status.equals(primary.getStatus())) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    new ClusterEvents(context.getClient()).recordChanges(primary, primary.getStatus(), status);
    return ErrorStatusUpdateControl.patchStatus(statusOnly(primary, status));
  }

  private RingPlan plan(
      MemcachedCluster mc, StatefulSet sts, List<Pod> pods, Context<MemcachedCluster> context) {
    int desired = mc.getSpec().getReplicas();
    if (!mc.getSpec().getProxy().getEnabled()) {
      return RingPlanner.withoutProxy(desired);
    }
    Optional<ConfigMap> configMap = configMap(context, ClusterNames.proxy(mc));
    RingState ring =
        configMap
            .map(cm -> RingState.fromAnnotations(cm.getMetadata().getAnnotations()))
            .orElse(null);
    if (configMap.isPresent() && ring == null) {
      ring = RingState.of(0); // unreadable state: rebuild it from the pods that are Ready
    }
    RoutingSpec routing = mc.getSpec().getProxy().getRouting();
    int groupSize =
        routing.getMode() == RoutingSpec.Mode.Replicated ? routing.getReplicaGroups() : 1;
    boolean memkubeProxy = ClusterPlan.memkubeProxy(mc, settings);
    Function<RingState, ProxyAgreement> agreement =
        memkubeProxy
            ? ProxyReports.agreement(
                mc,
                ProxyReports.listProxies(context.getClient(), mc),
                configMap(context, ClusterNames.proxyReports(mc)).orElse(null),
                settings.clusterDomain())
            : r -> ProxyAgreement.NOT_REPORTING;
    // The operator rolls the servers itself (each one's keys held by the next while it restarts)
    // where memkube's proxies can move keys: sharded rings only.
    ServerRoll.Input roll =
        memkubeProxy && groupSize == 1 && sts != null
            ? new ServerRoll.Input(
                sts.getStatus() == null ? null : sts.getStatus().getUpdateRevision(),
                PodReadiness.revisions(pods, mc),
                StopTimings.cacheMinReady())
            : null;
    return planner.plan(
        mc.getMetadata().getName(),
        desired,
        sts == null ? null : sts.getSpec().getReplicas(),
        ring,
        PodReadiness.of(pods, mc),
        groupSize,
        clock.instant(),
        agreement,
        roll);
  }

  /**
   * Why memkube's proxies would refuse the config this plan writes (a rawConfig, or the generated
   * config with a configPatch), or empty. Another proxy image (mcrouter itself) is not checked:
   * memkube's reader refuses handles mcrouter has.
   */
  private Optional<String> proxyConfigRefusal(MemcachedCluster mc, RingPlan plan) {
    RoutingSpec routing = mc.getSpec().getProxy().getRouting();
    if (plan.ring() == null
        || !ClusterPlan.memkubeProxy(mc, settings)
        || !ProxyConfigOverrides.present(routing)) {
      return Optional.empty();
    }
    String config =
        ProxyConfigRenderer.render(
            mc, plan.ring().size(), plan.ring().restarting(), settings.clusterDomain());
    return ProxyConfigOverrides.refusal(routing, config);
  }

  /**
   * The plan while the proxies keep the config they run: its ring stays (so the ConfigMap is
   * written again as it is), the StatefulSet keeps its size (servers join or leave a ring only
   * through a config the proxies take) and holds every pod back from rolling (the operator's roll
   * moves a server's keys through the proxies' config). Everything else in the spec applies: the
   * proxies' DaemonSet restarts them with the config they have, the Services, budget, policies and
   * monitors do not touch the ring.
   */
  private static RingPlan held(RingPlan plan, RingState running, StatefulSet sts) {
    int replicas = sts == null ? plan.statefulSetReplicas() : sts.getSpec().getReplicas();
    return new RingPlan(
        replicas,
        running,
        ScalingStep.Stable,
        String.format(
            "%d servers in the proxy configuration, held: the proxy refuses the new one",
            running.size()),
        null,
        replicas);
  }

  /** One of the two ConfigMaps the cluster owns (the proxies' configuration, their reports). */
  private static Optional<ConfigMap> configMap(Context<MemcachedCluster> context, String name) {
    return context
        .getSecondaryResourcesAsStream(ConfigMap.class)
        .filter(cm -> name.equals(cm.getMetadata().getName()))
        .findFirst();
  }

  /** The status of a cluster whose spec was not applied at all, and why. */
  private UpdateControl<MemcachedCluster> notApplied(
      MemcachedCluster primary,
      MemcachedCluster mc,
      ObservedState observed,
      Blocked blocked,
      List<String> problems,
      Context<MemcachedCluster> context) {
    return finish(primary, mc, null, observed, ServerPods.NONE, blocked, problems, context);
  }

  private UpdateControl<MemcachedCluster> finish(
      MemcachedCluster primary,
      MemcachedCluster mc,
      RingPlan plan,
      ObservedState observed,
      ServerPods pods,
      Blocked blocked,
      List<String> problems,
      Context<MemcachedCluster> context) {
    MemcachedClusterStatus status =
        aggregator.aggregate(
            mc, primary.getStatus(), plan, observed, pods, blocked, problems, clock.instant());
    status.setSecurity(
        SecurityInForce.of(
            context.getSecondaryResource(StatefulSet.class).orElse(null),
            mc.getSpec().getProxy().getEnabled()
                ? context.getSecondaryResource(DaemonSet.class).orElse(null)
                : null,
            context
                .getSecondaryResourcesAsStream(NetworkPolicy.class)
                .anyMatch(np -> ClusterNames.servers(mc).equals(np.getMetadata().getName()))));
    if (status.equals(primary.getStatus())) {
      if (blocked == Blocked.CERTIFICATE_PENDING) {
        return UpdateControl.<MemcachedCluster>noUpdate().rescheduleAfter(CERTIFICATE_RECHECK);
      }
      if (blocked == Blocked.SECRET_MISSING || blocked == Blocked.CERT_MANAGER_MISSING) {
        // The user's Secrets are not watched (an informer would cache every Secret of every
        // watched namespace): look again later for the one the spec names.
        return UpdateControl.<MemcachedCluster>noUpdate().rescheduleAfter(SECRET_RECHECK);
      }
      return UpdateControl.noUpdate();
    }
    new ClusterEvents(context.getClient()).recordChanges(primary, primary.getStatus(), status);
    return UpdateControl.patchStatus(statusOnly(primary, status)).rescheduleAfter(Duration.ZERO);
  }

  /** A fresh object with only what a status patch needs, so no spec or metadata is rewritten. */
  private static MemcachedCluster statusOnly(
      MemcachedCluster primary, MemcachedClusterStatus status) {
    MemcachedCluster patch = new MemcachedCluster();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(primary.getMetadata().getName())
            .withNamespace(primary.getMetadata().getNamespace())
            .build());
    patch.setSpec(null);
    patch.setStatus(status);
    return patch;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
