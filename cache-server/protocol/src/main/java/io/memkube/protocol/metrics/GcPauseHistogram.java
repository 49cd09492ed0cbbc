package io.memkube.protocol.metrics;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Each garbage collection's duration, from the JVM's collection notifications, per collector and
 * cause: the collector's MXBean only gives a running total, which hides one long pause among many
 * short ones, and a pause is what a cache client feels. With the serial collector the data plane
 * runs with, a collection's duration is its pause.
 */
public final class GcPauseHistogram {
  private static final double[] BOUNDS = {
    0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private static final GcPauseHistogram INSTANCE = new GcPauseHistogram();

  private final Map<String, LatencyHistogram> byCollector = new ConcurrentHashMap<>();
  private volatile boolean installed;

  private GcPauseHistogram() {}

  /** The process' one histogram, listening from the first call on. */
  public static GcPauseHistogram installed() {
    INSTANCE.install();
    return INSTANCE;
  }

  private synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(
            (n, handback) -> {
              if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                  n.getType())) {
                var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                byCollector
                    .computeIfAbsent(
                        info.getGcName() + "\u0000" + info.getGcCause(),
                        k -> new LatencyHistogram(BOUNDS))
                    .record(info.getGcInfo().getDuration() * 1_000_000L);
              }
            },
            null,
            null);
      }
    }
  }

  /** Writes {@code memkube_jvm_gc_pause_seconds{gc,cause}}. */
  public void writeTo(MetricFamilies out) {
    String family = "memkube_jvm_gc_pause_seconds";
    String help = "Duration of each garbage collection (a pause with the serial collector).";
    if (byCollector.isEmpty()) {
      // no collection yet: an empty series keeps the family present for dashboards
      new LatencyHistogram(BOUNDS).writeTo(out, family, help, "gc", "none", "cause", "none");
    }
    byCollector.forEach(
        (key, h) -> {
          int sep = key.indexOf('\u0000');
          h.writeTo(
              out, family, help, "gc", key.substring(0, sep), "cause", key.substring(sep + 1));
        });
  }
}
