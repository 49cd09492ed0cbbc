package io.memkube.protocol.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.protocol.metrics.MetricFamilies.Type;
import io.memkube.protocol.metrics.PrometheusTextParser.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricFamiliesTest {
  @Test
  void samplesAddedInAnyOrderAreWrittenGroupedByFamilyAndParseBack() throws Exception {
    MetricFamilies f = new MetricFamilies();
    f.add("a_total", Type.COUNTER, "first", 3, "x", "1");
    f.add("b", Type.GAUGE, "second", 2.5);
    f.add("a_total", Type.COUNTER, "first", 4, "x", "2");
    String text = f.encode();
    assertTrue(text.indexOf("a_total{x=\"2\"}") < text.indexOf("# HELP b"), text);
    List<Sample> s = PrometheusTextParser.parse(text);
    assertEquals(3, PrometheusTextParser.value(s, "a_total", "x", "1"));
    assertEquals(4, PrometheusTextParser.value(s, "a_total", "x", "2"));
    assertEquals(2.5, PrometheusTextParser.value(s, "b"));
  }

  @Test
  void labelValuesAndHelpWithQuotesBackslashesAndNewlinesSurviveTheParser() throws Exception {
    MetricFamilies f = new MetricFamilies();
    String odd = "a \"quoted\" \\ back\nslash";
    f.add("odd", Type.GAUGE, "help with \\ and\nnewline", 1, "v", odd);
    List<Sample> s = PrometheusTextParser.parse(f.encode());
    assertEquals(odd, s.get(0).labels().get("v"));
  }

  @Test
  void histogramBucketsAreCumulativeAndEndInPlusInfEqualToTheCount() throws Exception {
    LatencyHistogram h = new LatencyHistogram(new double[] {0.001, 0.01});
    h.record(500_000); // 0.5 ms
    h.record(5_000_000); // 5 ms
    h.record(50_000_000); // 50 ms, above every bound
    MetricFamilies f = new MetricFamilies();
    h.writeTo(f, "lat_seconds", "latency", "server", "s1");
    List<Sample> s = PrometheusTextParser.parse(f.encode());
    assertEquals(
        1, PrometheusTextParser.value(s, "lat_seconds_bucket", "le", "0.001", "server", "s1"));
    assertEquals(
        2, PrometheusTextParser.value(s, "lat_seconds_bucket", "le", "0.01", "server", "s1"));
    assertEquals(
        3, PrometheusTextParser.value(s, "lat_seconds_bucket", "le", "+Inf", "server", "s1"));
    assertEquals(3, PrometheusTextParser.value(s, "lat_seconds_count", "server", "s1"));
    assertEquals(0.0555, PrometheusTextParser.value(s, "lat_seconds_sum", "server", "s1"), 1e-9);
    assertEquals("histogram", s.get(0).type());
  }

  @Test
  void oneFamilyCannotChangeItsType() {
    MetricFamilies f = new MetricFamilies();
    f.add("m", Type.GAUGE, "h", 1);
    assertThrows(IllegalArgumentException.class, () -> f.add("m", Type.COUNTER, "h", 1));
  }

  @Test
  void jvmFamiliesParseAndCarryTheHeapAndGcPauses() throws Exception {
    MetricFamilies f = new MetricFamilies();
    System.gc(); // at least one collection for the pause histogram
    JvmMetrics.writeTo(f);
    List<Sample> s = PrometheusTextParser.parse(f.encode());
    assertTrue(PrometheusTextParser.value(s, "jvm_memory_used_bytes", "area", "heap") > 0);
    assertTrue(PrometheusTextParser.value(s, "process_resident_memory_bytes") > 0);
    assertTrue(
        s.stream().anyMatch(x -> x.name().equals("memkube_jvm_gc_pause_seconds_count")),
        "gc pauses");
  }
}
