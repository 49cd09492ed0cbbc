package io.memkube.protocol.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * A latency histogram with fixed buckets, recorded from many threads at the cost of one striped
 * increment and a short search of the bounds: the proxy records one per request, so no lock and no
 * allocation.
 */
public final class LatencyHistogram {
  /**
   * Upper bounds in seconds: from 50 us (a loopback round trip) to 5 s (beyond any server timeout),
   * about three per decade, as Prometheus' default buckets are spaced.
   */
  public static final double[] DEFAULT_BOUNDS = {
    0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
    2.5, 5
  };

  private final long[] boundsNanos;
  private final double[] bounds;
  private final LongAdder[] counts;
  private final LongAdder sumNanos = new LongAdder();

  public LatencyHistogram() {
    this(DEFAULT_BOUNDS);
  }

  public LatencyHistogram(double[] boundsSeconds) {
    this.bounds = boundsSeconds.clone();
    this.boundsNanos = new long[bounds.length];
    for (int i = 0; i < bounds.length; i++) {
      boundsNanos[i] = Math.round(bounds[i] * 1e9);
    }
    this.counts = new LongAdder[bounds.length + 1];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  /** Records one duration. */
  public void record(long nanos) {
    int i = 0;
    while (i < boundsNanos.length && nanos > boundsNanos[i]) {
      i++;
    }
    counts[i].increment();
    sumNanos.add(nanos);
  }

  /** Writes this histogram as one labelled series of {@code family}. */
  public void writeTo(MetricFamilies out, String family, String help, String... labels) {
    long[] c = new long[counts.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = counts[i].sum();
    }
    out.histogram(family, help, bounds, c, sumNanos.sum() / 1e9, labels);
  }

  /** The sum of the recorded durations, in seconds. */
  public double sumSeconds() {
    return sumNanos.sum() / 1e9;
  }

  /** Recorded durations so far. */
  public long count() {
    long n = 0;
    for (LongAdder a : counts) {
      n += a.sum();
    }
    return n;
  }
}
