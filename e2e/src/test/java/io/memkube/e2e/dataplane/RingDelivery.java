package io.memkube.e2e.dataplane;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
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
 * ConfigMap {@code NAME-proxy} (the operator's decision) and the proxies' reports in {@code
 * NAME-proxy-status} (each proxy merge-patches the md5 of the config it runs under its node's
 * name), and pairs each written config with the first report in which every proxy runs it. Times
 * are when this test saw each change (the API server is on the same machine); the order is the API
 * server's own (resourceVersion).
 */
final class RingDelivery implements AutoCloseable {

  static final String CONFIG_KEY = "config.json";

  /** A config the operator wrote: when it was seen, and its md5. */
  record Write(long resourceVersion, Instant seen, String md5) {}

  /** The proxies' reports as one change of the status ConfigMap left them (node -> md5). */
  record Report(long resourceVersion, Instant seen, Map<String, String> digests) {}

  /** A written config and when every proxy ran it (or a later config), if they did. */
  record Delivery(Write write, Optional<Instant> delivered) {
    Optional<Duration> took() {
      return delivered.map(d -> Duration.between(write.seen(), d));
    }

    @Override
    public String toString() {
      return write.md5().substring(0, 8)
          + " "
          + took().map(d -> d.toMillis() + " ms").orElse("not delivered");
    }
  }

  private final List<Write> writes = new ArrayList<>();
  private final List<Report> reports = new ArrayList<>();
  private final List<SharedIndexInformer<ConfigMap>> informers = new ArrayList<>();

  private RingDelivery() {}

  /** Starts watching {@code name} (the proxies' config) and {@code statusName} (their reports). */
  static RingDelivery start(
      KubernetesClient client, String namespace, String name, String statusName) {
    RingDelivery delivery = new RingDelivery();
    var configMaps = client.configMaps().inNamespace(namespace);
    delivery.informers.add(configMaps.withName(name).inform(handler(delivery::written)));
    delivery.informers.add(configMaps.withName(statusName).inform(handler(delivery::reported)));
    return delivery;
  }

  private static ResourceEventHandler<ConfigMap> handler(
      java.util.function.Consumer<ConfigMap> seen) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap obj) {
        seen.accept(obj);
      }

      @Override
      public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
        seen.accept(newObj);
      }

      @Override
      public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {}
    };
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
   * The configs written between {@code from} and {@code to} and when the proxies on {@code nodes}
   * all ran each (a proxy that ran a later config counts: it skipped nothing it still needs).
   */
  synchronized List<Delivery> between(Instant from, Instant to, Set<String> nodes) {
    return deliveries(List.copyOf(writes), List.copyOf(reports), nodes).stream()
        .filter(d -> !d.write().seen().isBefore(from) && !d.write().seen().isAfter(to))
        .toList();
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
      out.add(new Delivery(write, delivered));
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
