package io.memkube.protocol.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scrape's metric families, written in the Prometheus text exposition format, version 0.0.4.
 * Samples may be added in any order; each family is written once, with its {@code # HELP} and
 * {@code # TYPE} lines and all its samples together, as the format requires.
 */
public final class MetricFamilies {
  /** The content type of {@link #encode()}. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** A family's type, as the {@code # TYPE} line names it. */
  public enum Type {
    COUNTER,
    GAUGE,
    HISTOGRAM,
    SUMMARY,
    UNTYPED;

    String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private record Sample(String name, String labels, double value) {}

  private record Family(Type type, String help, List<Sample> samples) {}

  private final Map<String, Family> families = new LinkedHashMap<>();

  /**
   * Adds a sample named as its family.
   *
   * @param labels label names and values, alternating
   */
  public MetricFamilies add(String family, Type type, String help, double value, String... labels) {
    return addSample(family, type, help, family, value, labels);
  }

  /**
   * Adds a sample whose name differs from its family's ({@code _bucket}, {@code _sum}, {@code
   * _count}).
   */
  public MetricFamilies addSample(
      String family, Type type, String help, String sampleName, double value, String... labels) {
    Family f = families.computeIfAbsent(family, n -> new Family(type, help, new ArrayList<>()));
    if (f.type != type) {
      throw new IllegalArgumentException(family + " is a " + f.type + ", not a " + type);
    }
    f.samples.add(new Sample(sampleName, labels(labels), value));
    return this;
  }

  /**
   * Adds one histogram: cumulative bucket counts for the upper bounds, the {@code +Inf} bucket
   * (equal to the count), the sum and the count.
   *
   * @param upperBounds the buckets' upper bounds, ascending, without {@code +Inf}
   * @param counts per bucket (not cumulative), one more than {@code upperBounds}: the last one
   *     counts what lies above the largest bound
   */
  public MetricFamilies histogram(
      String family,
      String help,
      double[] upperBounds,
      long[] counts,
      double sum,
      String... labels) {
    long cumulative = 0;
    for (int i = 0; i <= upperBounds.length; i++) {
      cumulative += counts[i];
      String le = i < upperBounds.length ? format(upperBounds[i]) : "+Inf";
      addSample(
          family, Type.HISTOGRAM, help, family + "_bucket", cumulative, append(labels, "le", le));
    }
    addSample(family, Type.HISTOGRAM, help, family + "_sum", sum, labels);
    addSample(family, Type.HISTOGRAM, help, family + "_count", cumulative, labels);
    return this;
  }

  /** Whether a family has been added. */
  public boolean has(String family) {
    return families.containsKey(family);
  }

  /** The text to serve. */
  public String encode() {
    StringBuilder sb = new StringBuilder(families.size() * 128);
    families.forEach(
        (name, f) -> {
          sb.append("# HELP ").append(name).append(' ').append(escapeHelp(f.help)).append('\n');
          sb.append("# TYPE ").append(name).append(' ').append(f.type.word()).append('\n');
          for (Sample s : f.samples) {
            sb.append(s.name).append(s.labels).append(' ').append(format(s.value)).append('\n');
          }
        });
    return sb.toString();
  }

  private static String[] append(String[] labels, String name, String value) {
    String[] out = java.util.Arrays.copyOf(labels, labels.length + 2);
    out[labels.length] = name;
    out[labels.length + 1] = value;
    return out;
  }

  private static String labels(String[] pairs) {
    if (pairs.length == 0) {
      return "";
    }
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name/value pairs");
    }
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < pairs.length; i += 2) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(pairs[i]).append("=\"").append(escapeLabel(pairs[i + 1])).append('"');
    }
    return sb.append('}').toString();
  }

  /** Whole numbers without a fraction (counters are read by people too), others as Java prints. */
  static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  private static String escapeLabel(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String escapeHelp(String v) {
    return v.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
