package io.memkube.protocol.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Parses Prometheus text exposition with the Prometheus project's own parser ({@code
 * prometheus_client.parser}, Debian's {@code python3-prometheus-client}): a page it rejects fails
 * the test, so the tests check the format against a real scraper's reading of it, not against our
 * own writer's idea of it.
 */
public final class PrometheusTextParser {
  private static final String PYTHON = "/usr/bin/python3";

  // one line per sample: family, type, sample name, labels (k=v&k=v, url-quoted), value
  private static final String SCRIPT =
      """
      import sys, urllib.parse
      from prometheus_client.parser import text_string_to_metric_families
      for fam in text_string_to_metric_families(sys.stdin.read()):
          for s in fam.samples:
              labels = '&'.join(k + '=' + urllib.parse.quote(v, safe='') for k, v in sorted(s.labels.items()))
              print(fam.name, fam.type, s.name, labels or '-', repr(float(s.value)), sep='\\t')
      """;

  /** One sample as the parser read it. */
  public record Sample(
      String family, String type, String name, Map<String, String> labels, double value) {}

  private PrometheusTextParser() {}

  /** Every sample of {@code text}; throws when the parser refuses it. */
  public static List<Sample> parse(String text) throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(PYTHON))) {
      throw new IllegalStateException("tests need " + PYTHON + " with python3-prometheus-client");
    }
    Process p = new ProcessBuilder(PYTHON, "-c", SCRIPT).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      if (err.contains("No module named 'prometheus_client'")) {
        throw new IllegalStateException(
            "tests need Debian's python3-prometheus-client (apt-get install python3-prometheus-client)");
      }
      throw new IOException("the Prometheus parser refused the text: " + err);
    }
    List<Sample> samples = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\t");
      Map<String, String> labels = new LinkedHashMap<>();
      if (!f[3].equals("-")) {
        for (String kv : f[3].split("&")) {
          int eq = kv.indexOf('=');
          labels.put(
              kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      samples.add(new Sample(f[0], f[1], f[2], labels, Double.parseDouble(f[4])));
    }
    return samples;
  }

  /**
   * The value of the sample {@code name} with exactly these labels ({@code _total} may be left off
   * a counter's name, as the parser adds it), or NaN when there is none.
   */
  public static double value(List<Sample> samples, String name, String... labels) {
    Map<String, String> want = new LinkedHashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      want.put(labels[i], labels[i + 1]);
    }
    String bare = name.endsWith("_total") ? name.substring(0, name.length() - 6) : name;
    for (Sample s : samples) {
      String sn =
          s.name().endsWith("_total") ? s.name().substring(0, s.name().length() - 6) : s.name();
      if (sn.equals(bare) && s.labels().equals(want)) {
        return s.value();
      }
    }
    return Double.NaN;
  }
}
