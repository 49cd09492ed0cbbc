package io.memkube.operator.scaling;

import io.memkube.operator.proxy.ProxyConfigRenderer;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * The operator's own roll of the cache servers, for a changed template (a new setting, image or
 * resources): the StatefulSet's partition holds every pod back, and the operator restarts one
 * server at a time so that it takes no request and keeps its keys while it is away:
 *
 * <ol>
 *   <li>the proxy configuration gives the server's place to the next server (a stand-in), and
 *       memkube's proxies move the server's keys there before they report the configuration;
 *   <li>once every proxy reports it, the partition lets the StatefulSet controller replace the pod;
 *   <li>once the new pod has been Ready for {@code minReady}, the server gets its place back, and
 *       the proxies move the stand-in's keys of that place back before they report;
 *   <li>once every proxy reports that, the next server (highest ordinal first).
 * </ol>
 *
 * <p>Only where that works: memkube's proxies that all report (a proxy that never reported would
 * keep sending the server's keys to it while it restarts), a sharded ring of at least two servers.
 * Anywhere else the partition is 0 and the StatefulSet controller rolls as before.
 *
 * <p>Each wait for the proxies (steps 1 and 4) is bounded by {@code proxyWait} from the step's
 * start: a proxy that stays behind (stuck, cut off from the API server after it reported) would
 * otherwise hold the roll forever. The status names it meanwhile; after the wait the roll goes on
 * without it, and that proxy's requests for the restarting server fail over to the next server
 * while it is down ({@code --tko-failover-exptime-seconds}), as on a crash.
 */
public final class ServerRoll {

  /** What the reconciler knows of the cache pods. */
  public interface PodRevisions {
    /** The pod's {@code controller-revision-hash}, or null when the pod does not exist. */
    String revision(int ordinal);

    /** Since when the pod is Ready, or null when it is not (or is being deleted). */
    Instant readySince(int ordinal);
  }

  /**
   * @param updateRevision the StatefulSet's {@code status.updateRevision} (null: not known yet)
   * @param revisions the cache pods' revisions and readiness
   * @param minReady how long a new pod is Ready before it gets its place back (the StatefulSet's
   *     {@code minReadySeconds}: its DNS name must reach every proxy)
   */
  public record Input(String updateRevision, PodRevisions revisions, Duration minReady) {}

  private ServerRoll() {}

  /** Whether the operator rolls (else the StatefulSet controller does, partition 0). */
  static boolean applies(RingState ring, ProxyAgreement proxies, Input input) {
    return input != null
        && ring != null
        && ring.size() >= 2
        && proxies.reporting()
        && proxies.proxies() > 0
        && proxies.silent().isEmpty();
  }

  /**
   * The next step of the roll, starting from a plan whose ring holds every server (no scaling in
   * progress).
   */
  static RingPlan next(
      String name,
      RingPlan settled,
      Function<RingState, ProxyAgreement> agreement,
      Input input,
      Instant now,
      Duration proxyWait) {
    RingState ring = settled.ring();
    int hold = Math.max(settled.statefulSetReplicas(), ring.size());
    String update = input.updateRevision();
    Integer restarting = ring.restarting();
    if (restarting == null || restarting >= ring.size()) {
      int outdated = highestOutdated(ring.size(), input.revisions(), update);
      if (outdated < 0) {
        // no roll (or its end): the next roll's first wait counts from its own start
        return settled.rolling(
            ring.withRestarting(null).withoutRollStep(),
            settled.step(),
            settled.message(),
            settled.requeueAfter(),
            hold);
      }
      ProxyAgreement current = agreement.apply(ring.withRestarting(null));
      String without = "";
      if (!current.confirmed()) {
        if (ring.rollStepSince() == null) {
          // a roll's first wait: it counts from now
          return settled.rolling(
              ring.withRestarting(null, now),
              ScalingStep.RollingOut,
              waitingForEveryServerInPlace(current, proxyWait),
              proxyWait,
              hold);
        }
        Duration left = Duration.between(now, ring.rollStepSince().plus(proxyWait));
        if (left.compareTo(Duration.ZERO) > 0) {
          return settled.rolling(
              ring.withRestarting(null),
              ScalingStep.RollingOut,
              waitingForEveryServerInPlace(current, left),
              left,
              hold);
        }
        without = goingOnWithout(current, proxyWait);
      }
      RingState next = ring.withRestarting(outdated, now);
      return settled.rolling(
          next,
          ScalingStep.RollingOut,
          String.format(
              "rolling out a changed template: %s-%d's place goes to %s-%d, which takes its keys,"
                  + " before %s-%d restarts%s",
              name,
              outdated,
              name,
              ProxyConfigRenderer.standIn(outdated, ring.size()),
              name,
              outdated,
              without),
          null,
          hold);
    }
    int server = restarting;
    String stand = name + "-" + ProxyConfigRenderer.standIn(server, ring.size());
    ProxyAgreement moved = agreement.apply(ring);
    String without = "";
    if (!moved.confirmed()) {
      Instant since = ring.rollStepSince() == null ? now : ring.rollStepSince();
      Duration left = Duration.between(now, since.plus(proxyWait));
      if (left.compareTo(Duration.ZERO) > 0) {
        return settled.rolling(
            ring.rollStepSince() == null ? ring.withRestarting(server, now) : ring,
            ScalingStep.RollingOut,
            String.format(
                "rolling out a changed template: waiting for the proxies to give %s-%d's place and"
                    + " keys to %s: %s (at most %ds more, then the roll goes on without them)",
                name, server, stand, moved.describe(), left.toSeconds()),
            left,
            hold);
      }
      without = goingOnWithout(moved, proxyWait);
    }
    if (update == null || !update.equals(input.revisions().revision(server))) {
      return settled.rolling(
          ring,
          ScalingStep.RollingOut,
          String.format(
              "rolling out a changed template: %s-%d restarts while %s holds its keys%s",
              name, server, stand, without),
          null,
          server);
    }
    Instant ready = input.revisions().readySince(server);
    Duration left = ready == null ? null : Duration.between(now, ready.plus(input.minReady()));
    if (ready == null || left.compareTo(Duration.ZERO) > 0) {
      return settled.rolling(
          ring,
          ScalingStep.RollingOut,
          String.format(
              "rolling out a changed template: %s-%d restarted, %s; it gets its place back once"
                  + " it has been Ready for %ds",
              name,
              server,
              ready == null ? "not Ready yet" : "Ready",
              input.minReady().toSeconds()),
          left == null ? null : left,
          server);
    }
    return settled.rolling(
        ring.withRestarting(null, now),
        ScalingStep.RollingOut,
        String.format(
            "rolling out a changed template: %s-%d is back in its place; the proxies move its keys"
                + " back from %s",
            name, server, stand),
        null,
        server);
  }

  private static String waitingForEveryServerInPlace(ProxyAgreement proxies, Duration left) {
    return String.format(
        "rolling out a changed template, one server at a time; before the next one the proxies"
            + " must run the configuration with every server in place: %s (at most %ds more, then"
            + " the roll goes on without them)",
        proxies.describe(), left.toSeconds());
  }

  /** The end of a message when the roll went on although {@code proxies} had not all moved. */
  private static String goingOnWithout(ProxyAgreement proxies, Duration waited) {
    return String.format(
        "; went on after waiting %ds for the proxies (%s): theirs fail a down server over to the"
            + " next one",
        waited.toSeconds(), proxies.describe());
  }

  /** The highest ordinal whose pod runs another revision than the update, or -1. */
  private static int highestOutdated(int servers, PodRevisions pods, String update) {
    if (update == null) {
      return -1;
    }
    for (int i = servers - 1; i >= 0; i--) {
      String revision = pods.revision(i);
      if (revision != null && !revision.equals(update)) {
        return i;
      }
    }
    return -1;
  }
}
