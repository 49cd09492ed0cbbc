package io.memkube.e2e.dataplane;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How long the proxies take to run a new ring: watches the operator's writes of the proxies'
 * ConfigMap {@code NAME-proxy} (the operator's decision) and pairs each written config with when
 * every proxy ran it, seen two ways: the proxy's own answer to {@code get
 * __mcrouter__.config_md5_digest}, polled every 100 ms while {@link #poll} runs (it changes when
 * the proxy loads the config and routes by it), and the proxies' reports in {@code
 * NAME-proxy-status} (each proxy merge-patches the md5 of the config it runs under its node's name,
 * once it has moved the keys that change owner: what the operator waits for). Times are when this
 * test saw each change (the API server is on the same machine); the reports' order is the API
 * server's own (resourceVersion).
 */
final class RingDelivery implements AutoCloseable {

  static final String CONFIG_KEY = "config.json";

  /** A config the operator wrote: when it was seen, and its md5. */
  record Write(long resourceVersion, Instant seen, String md5) {}

  /** The proxies' reports as one change of the status ConfigMap left them (node -> md5). */
  record Report(long resourceVersion, Instant seen, Map<String, String> digests) {}

  /**
   * A written config and when every proxy ran it (or a later config), if they did: {@code running}
   * as the proxies answered, {@code reported} as they reported it.
   */
  record Delivery(Write write, Optional<Instant> running, Optional<Instant> reported) {
    /** From the write until every proxy ran it. */
    Optional<Duration> took() {
      return running.map(d -> Duration.between(write.seen(), d));
    }

    /** From the write until every proxy reported it. */
    Optional<Duration> reportedAfter() {
      return reported.map(d -> Duration.between(write.seen(), d));
    }

    boolean complete() {
      return running.isPresent() && reported.isPresent();
    }

    @Override
    public String toString() {
      return write.md5().substring(0, 8)
          + ": runs after "
          + took().map(d -> d.toMillis() + " ms").orElse("(not seen)")
          + ", reported after "
          + reportedAfter().map(d -> d.toMillis() + " ms").orElse("(not reported)");
    }
  }

  private final List<Write> writes = new ArrayList<>();
  private final List<Report> reports = new ArrayList<>();
  private final List<Report> polls = new ArrayList<>();
  private final List<SharedIndexInformer<ConfigMap>> informers = new ArrayList<>();

  private RingDelivery() {}

  /** Starts watching {@code name} (the proxies' config) and {@code statusName} (their reports). */
  static RingDelivery start(
      KubernetesClient client, String namespace, String name, String statusName) {
    RingDelivery delivery = new RingDelivery();
    var configMaps = client.configMaps().inNamespace(namespace);
    delivery.informers.add(configMaps.withName(name).inform(EveryState.to(delivery::written)));
    delivery.informers.add(
        configMaps.withName(statusName).inform(EveryState.to(delivery::reported)));
    return delivery;
  }

  private synchronized void written(ConfigMap config) {
    Instant now = Instant.now();
    String text = config.getData() == null ? null : config.getData().get(CONFIG_KEY);
    if (text == null) {
      return;
    }
    String md5 = md5(text);
    if (!writes.isEmpty() && writes.getLast().md5().equals(md5)) {
      return; // metadata only: the proxies have nothing new to run
    }
    writes.add(new Write(resourceVersion(config), now, md5));
  }

  private synchronized void reported(ConfigMap status) {
    Map<String, String> data = status.getData() == null ? Map.of() : Map.copyOf(status.getData());
    reports.add(new Report(resourceVersion(status), Instant.now(), data));
  }

  /**
   * Asks the proxy of {@code node} (at {@code host:port}) for the digest of the config it runs
   * every 100 ms until the returned handle is closed.
   */
  AutoCloseable poll(String node, String host, int port) {
    java.util.concurrent.atomic.AtomicBoolean running =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread poller =
        Thread.ofPlatform()
            .name("digest-" + node)
            .daemon()
            .start(
                () -> {
                  io.memkube.e2e.app.TextProtocolConnection c = null;
                  String last = null;
                  while (running.get()) {
                    try {
                      if (c == null) {
                        c =
                            io.memkube.e2e.app.TextProtocolConnection.open(
                                host, port, Duration.ofMillis(500));
                      }
                      String digest = c.get("__mcrouter__.config_md5_digest").orElse("");
                      if (!digest.equals(last)) {
                        last = digest;
                        synchronized (this) {
                          polls.add(new Report(0, Instant.now(), Map.of(node, digest)));
                        }
                      }
                    } catch (java.io.IOException | RuntimeException e) {
                      c = close(c);
                    }
                    try {
                      Thread.sleep(100);
                    } catch (InterruptedException e) {
                      break;
                    }
                  }
                  close(c);
                });
    return () -> {
      running.set(false);
      poller.join(Duration.ofSeconds(3));
    };
  }

  private static io.memkube.e2e.app.TextProtocolConnection close(
      io.memkube.e2e.app.TextProtocolConnection c) {
    if (c != null) {
      try {
        c.close();
      } catch (java.io.IOException e) {
        // broken already
      }
    }
    return null;
  }

  /**
   * The configs written between {@code from} and {@code to} and when the proxies on {@code nodes}
   * all ran each (a proxy that ran a later config counts: it skipped nothing it still needs).
   */
  synchronized List<Delivery> between(Instant from, Instant to, Set<String> nodes) {
    List<Write> w = List.copyOf(writes);
    List<Delivery> reported = deliveries(w, List.copyOf(reports), nodes);
    List<Optional<Instant>> running = answered(w, List.copyOf(polls), nodes);
    List<Delivery> out = new ArrayList<>();
    for (int i = 0; i < w.size(); i++) {
      Delivery d = reported.get(i);
      if (!d.write().seen().isBefore(from) && !d.write().seen().isAfter(to)) {
        out.add(new Delivery(d.write(), running.get(i), d.reported()));
      }
    }
    return out;
  }

  /**
   * For each write (in the order seen), the first poll at or after it at which every node's proxy
   * answered the digest of that config or of one written after it and before the poll. By content:
   * a proxy that answers the same digest runs the same ring, whenever it loaded it.
   */
  static List<Optional<Instant>> answered(
      List<Write> writes, List<Report> polls, Set<String> nodes) {
    List<Optional<Instant>> out = new ArrayList<>();
    for (int i = 0; i < writes.size(); i++) {
      Write write = writes.get(i);
      List<Write> thisOrLater = writes.subList(i, writes.size());
      Map<String, String> value = new HashMap<>();
      Optional<Instant> at = Optional.empty();
      boolean checkedAtWrite = false;
      for (Report poll : polls) {
        if (!checkedAtWrite && poll.seen().isAfter(write.seen())) {
          // the proxy may have loaded it before this test saw the write: no change to poll then
          checkedAtWrite = true;
          if (allRun(value, thisOrLater, write.seen(), nodes)) {
            at = Optional.of(write.seen());
            break;
          }
        }
        value.putAll(poll.digests());
        if (!poll.seen().isBefore(write.seen()) && allRun(value, thisOrLater, poll.seen(), nodes)) {
          at = Optional.of(poll.seen());
          break;
        }
      }
      if (at.isEmpty() && !checkedAtWrite && allRun(value, thisOrLater, write.seen(), nodes)) {
        at = Optional.of(write.seen());
      }
      out.add(at);
    }
    return out;
  }

  /** Whether every node's proxy answers a config of {@code candidates} written by {@code now}. */
  private static boolean allRun(
      Map<String, String> value, List<Write> candidates, Instant now, Set<String> nodes) {
    return !nodes.isEmpty()
        && nodes.stream()
            .allMatch(
                node ->
                    candidates.stream()
                        .anyMatch(w -> !w.seen().isAfter(now) && w.md5().equals(value.get(node))));
  }

  /**
   * Pairs each write with the first report (in the API server's order) in which every node's proxy
   * changed to that config or a later one after it was written.
   */
  static List<Delivery> deliveries(List<Write> writes, List<Report> reports, Set<String> nodes) {
    List<Write> w = new ArrayList<>(writes);
    w.sort(Comparator.comparingLong(Write::resourceVersion));
    List<Report> r = new ArrayList<>(reports);
    r.sort(Comparator.comparingLong(Report::resourceVersion));
    List<Delivery> out = new ArrayList<>();
    for (int i = 0; i < w.size(); i++) {
      Write write = w.get(i);
      List<Write> thisOrLater = w.subList(i, w.size());
      // per node: the md5 it reports and the resourceVersion at which it last changed
      Map<String, String> value = new HashMap<>();
      Map<String, Long> changedAt = new HashMap<>();
      Optional<Instant> delivered = Optional.empty();
      for (Report report : r) {
        report
            .digests()
            .forEach(
                (node, md5) -> {
                  if (!md5.equals(value.get(node))) {
                    value.put(node, md5);
                    changedAt.put(node, report.resourceVersion());
                  }
                });
        if (report.resourceVersion() < write.resourceVersion() || nodes.isEmpty()) {
          continue;
        }
        boolean all =
            nodes.stream()
                .allMatch(
                    node ->
                        value.containsKey(node)
                            && thisOrLater.stream()
                                .anyMatch(
                                    later ->
                                        later.md5().equals(value.get(node))
                                            && later.resourceVersion() < changedAt.get(node)));
        if (all) {
          Instant at = report.seen().isBefore(write.seen()) ? write.seen() : report.seen();
          delivered = Optional.of(at);
          break;
        }
      }
      out.add(new Delivery(write, Optional.empty(), delivered));
    }
    return out;
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }

  private static long resourceVersion(ConfigMap config) {
    return Long.parseLong(config.getMetadata().getResourceVersion());
  }

  static String md5(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
