package io.memkube.operator.status;

import static io.memkube.api.v1alpha1.MemcachedClusterStatus.AVAILABLE;
import static io.memkube.api.v1alpha1.MemcachedClusterStatus.DEGRADED;
import static io.memkube.api.v1alpha1.MemcachedClusterStatus.PROGRESSING;

import io.memkube.api.v1alpha1.EndpointsStatus;
import io.memkube.api.v1alpha1.MemcachedCluster;
import io.memkube.api.v1alpha1.MemcachedClusterStatus;
import io.memkube.api.v1alpha1.ProxyStatus;
import io.memkube.operator.naming.ClusterLabels;
import io.memkube.operator.naming.ClusterNames;
import io.memkube.operator.scaling.RingPlan;
import io.memkube.operator.scaling.ScalingStep;
import java.time.Instant;
import java.util.List;

/**
 * Turns one reconciliation into a status: counts, selector, endpoints and the three conditions.
 * Pure: the same inputs give an equal status, so the reconciler patches only real changes.
 */
public final class StatusAggregator {

  private final String clusterDomain;

  public StatusAggregator(String clusterDomain) {
    this.clusterDomain = clusterDomain;
  }

  /** Why the reconciler did not apply the spec, when it did not. */
  public enum Blocked {
    /** Reconciliation proceeded. */
    NO,
    /** The user paused the cluster. */
    PAUSED,
    /** The spec has problems the schema does not catch, or an object is in the way. */
    INVALID,
    /** The API server refused an owned object. */
    FAILED,
    /** A Secret the spec names is missing or cannot be used. */
    SECRET_MISSING,
    /** spec.tls.issuerRef without cert-manager's Certificate CRD. */
    CERT_MANAGER_MISSING,
    /** spec.tls.issuerRef: cert-manager has not written the Certificate's Secret yet. */
    CERTIFICATE_PENDING,
    /**
     * The proxy refuses the config the spec's rawConfig or configPatch makes: the proxies keep the
     * one they run and the ring is held; with a plan, the rest of the spec was applied.
     */
    PROXY_CONFIG_REFUSED,
    /**
     * The spec was applied, but a certificate of the TLS Secret has expired: the servers serve with
     * it (as memcached does), clients that check it refuse it.
     */
    CERTIFICATE_EXPIRED,
    /** The spec was applied, but a certificate of the TLS Secret is not valid yet. */
    CERTIFICATE_NOT_YET_VALID
  }

  /**
   * The new status.
   *
   * @param mc the cluster with defaults applied
   * @param previous its current status, possibly null
   * @param plan the scaling decision, or null when reconciliation was blocked
   * @param observed the StatefulSet's and DaemonSet's reported state
   * @param blocked whether and why the spec was not applied
   * @param problems the reasons, when blocked is INVALID, SECRET_MISSING or CERT_MANAGER_MISSING
   * @param now the current time
   */
  public MemcachedClusterStatus aggregate(
      MemcachedCluster mc,
      MemcachedClusterStatus previous,
      RingPlan plan,
      ObservedState observed,
      Blocked blocked,
      List<String> problems,
      Instant now) {
    return aggregate(mc, previous, plan, observed, ServerPods.NONE, blocked, problems, now);
  }

  /**
   * The new status, with what the cache pods say beyond readiness.
   *
   * @param pods unschedulable and faulty cache pods
   */
  public MemcachedClusterStatus aggregate(
      MemcachedCluster mc,
      MemcachedClusterStatus previous,
      RingPlan plan,
      ObservedState observed,
      ServerPods pods,
      Blocked blocked,
      List<String> problems,
      Instant now) {
    var spec = mc.getSpec();
    long generation =
        mc.getMetadata().getGeneration() == null ? 0 : mc.getMetadata().getGeneration();
    boolean proxyEnabled = spec.getProxy().getEnabled();
    int desired = spec.getReplicas();

    MemcachedClusterStatus status = new MemcachedClusterStatus();
    status.setObservedGeneration(generation);
    status.setReplicas(observed.replicas());
    status.setReadyReplicas(observed.readyReplicas());
    status.setSelector(ClusterLabels.selectorString(mc, ClusterLabels.CACHE));
    Integer ringSize =
        plan != null && plan.ring() != null
            ? Integer.valueOf(plan.ring().size())
            : previous != null && previous.getProxy() != null
                ? previous.getProxy().getServers()
                : null;
    status.setProxy(
        proxyEnabled
            ? new ProxyStatus(observed.proxyDesired(), observed.proxyReady(), ringSize)
            : null);
    status.setEndpoints(
        new EndpointsStatus(
            ClusterNames.headlessServiceHost(mc, clusterDomain),
            ClusterNames.SERVER_PORT,
            proxyEnabled ? ClusterNames.proxyServiceHost(mc, clusterDomain) : null,
            proxyEnabled ? clientPort(spec) : null));

    boolean serversReady = desired > 0 && observed.readyReplicas() >= desired;
    boolean ringComplete = !proxyEnabled || (ringSize != null && ringSize == desired);
    boolean proxyReady =
        !proxyEnabled || (observed.proxyDesired() > 0 && observed.proxyReady() > 0);
    boolean available = serversReady && ringComplete && proxyReady;

    Conditions conditions =
        new Conditions(previous == null ? null : previous.getConditions(), generation, now);
    conditions.set(
        AVAILABLE,
        available,
        availableReason(desired, available, serversReady, ringComplete),
        availableMessage(observed, desired, proxyEnabled));

    switch (blocked) {
      case PAUSED -> {
        conditions.set(
            PROGRESSING,
            false,
            "Paused",
            "reconciliation is paused (annotation memkube.io/paused or spec.paused);"
                + " changes to the spec are not applied");
        conditions.set(DEGRADED, false, "Paused", "not checked while paused");
        status.setPhase("Paused");
      }
      case CERTIFICATE_PENDING -> {
        // a step of its own, not a fault: cert-manager usually issues within seconds
        conditions.set(PROGRESSING, true, "CertificatePending", String.join("; ", problems));
        conditions.set(DEGRADED, false, "AsExpected", "waiting for cert-manager");
        status.setPhase("Progressing");
      }
      case PROXY_CONFIG_REFUSED -> {
        conditions.set(
            PROGRESSING,
            false,
            "ProxyConfigHeld",
            plan == null
                ? "the spec was not applied, see Degraded"
                : "the proxies keep the config they run; scaling and rolling the servers wait"
                    + " for a config the proxy accepts, see Degraded");
        conditions.set(DEGRADED, true, "InvalidProxyConfig", String.join("; ", problems));
        status.setPhase("Degraded");
      }
      case INVALID, FAILED, SECRET_MISSING, CERT_MANAGER_MISSING -> {
        conditions.set(
            PROGRESSING, false, "SpecNotApplied", "the spec was not applied, see Degraded");
        conditions.set(
            DEGRADED,
            true,
            switch (blocked) {
              case INVALID -> "InvalidSpec";
              case SECRET_MISSING -> "SecretMissing";
              case CERT_MANAGER_MISSING -> "CertManagerMissing";
              default -> "ApplyFailed";
            },
            String.join("; ", problems));
        status.setPhase("Degraded");
      }
      case NO, CERTIFICATE_EXPIRED, CERTIFICATE_NOT_YET_VALID -> {
        boolean rollingOut =
            !observed.statefulSetSettled() || (proxyEnabled && !observed.proxySettled());
        if (pods.unschedulable() != null) {
          // the scheduler's own words (e.g. "0/3 nodes are available: 3 Insufficient cpu"), not
          // a bare "waiting": this does not resolve by waiting
          conditions.set(
              PROGRESSING,
              true,
              "FailedScheduling",
              pods.unschedulable()
                  + (plan.step() != ScalingStep.Stable ? "; " + plan.message() : ""));
        } else if (plan.step() != ScalingStep.Stable) {
          conditions.set(PROGRESSING, true, plan.step().name(), plan.message());
        } else if (rollingOut) {
          conditions.set(
              PROGRESSING,
              true,
              "RollingOut",
              !observed.statefulSetSettled()
                  ? String.format(
                      "the cache servers are rolling out, one pod at a time (%d/%d ready)",
                      observed.readyReplicas(), desired)
                  : String.format(
                      "the proxies are rolling out, one node at a time (%d/%d ready)",
                      observed.proxyReady(), observed.proxyDesired()));
        } else if (!serversReady && desired > 0) {
          // pods starting (creation, a restart): on their way, not a fault
          conditions.set(
              PROGRESSING,
              true,
              "ServersStarting",
              String.format(
                  "%d of %d cache servers are not ready yet",
                  desired - observed.readyReplicas(), desired));
        } else {
          conditions.set(PROGRESSING, false, "Stable", plan.message());
        }
        // Degraded only for a fault a pod reports (crash loop, image pull, a server that has
        // failed readiness for minutes), never for pods that are being created or replaced
        boolean stuck = !pods.faults().isEmpty();
        if (blocked != Blocked.NO) {
          // the certificate's dates first: with it, pods' faults are likely its consequence
          List<String> all = new java.util.ArrayList<>(problems);
          all.addAll(pods.faults());
          conditions.set(
              DEGRADED,
              true,
              blocked == Blocked.CERTIFICATE_EXPIRED
                  ? "CertificateExpired"
                  : "CertificateNotYetValid",
              String.join("; ", all));
          stuck = true;
        } else {
          conditions.set(
              DEGRADED,
              stuck,
              stuck ? "ServerFault" : "AsExpected",
              stuck ? String.join("; ", pods.faults()) : "no problem found");
        }
        status.setPhase(
            stuck
                ? "Degraded"
                : Conditions.isTrue(conditions.build(), PROGRESSING)
                    ? "Progressing"
                    : available ? "Ready" : "Pending");
      }
    }
    status.setConditions(conditions.build());
    return status;
  }

  private static String availableReason(
      int desired, boolean available, boolean serversReady, boolean ringComplete) {
    if (available) {
      return "AllServersReady";
    }
    if (desired == 0) {
      return "ScaledToZero";
    }
    if (!serversReady) {
      return "ServersNotReady";
    }
    return ringComplete ? "ProxyNotReady" : "ProxyConfigurationIncomplete";
  }

  private static String availableMessage(ObservedState observed, int desired, boolean proxy) {
    String servers = String.format("%d/%d cache servers ready", observed.readyReplicas(), desired);
    return proxy
        ? servers
            + String.format(", %d/%d proxies ready", observed.proxyReady(), observed.proxyDesired())
        : servers;
  }

  /** The port clients use on the proxies: the TLS port when TLS is on. */
  private static int clientPort(io.memkube.api.v1alpha1.MemcachedClusterSpec spec) {
    return spec.getTls() != null ? spec.getTls().getProxyPort() : spec.getProxy().getPort();
  }
}
