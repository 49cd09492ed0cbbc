/**
 * Prometheus metrics of the data plane: the text exposition format (version 0.0.4) written by hand
 * ({@link io.memkube.protocol.metrics.MetricFamilies}), the JVM's and the process's own figures
 * ({@link io.memkube.protocol.metrics.JvmMetrics}, {@link
 * io.memkube.protocol.metrics.GcPauseHistogram}) and a cheap striped latency histogram ({@link
 * io.memkube.protocol.metrics.LatencyHistogram}).
 *
 * <p>Why no library: the cache server exports values it already holds as counters ({@code stats}),
 * the proxy a few striped counters and histograms; what a client library would add is its own
 * registry and types around them (Micrometer: plus HdrHistogram and LatencyUtils; the Prometheus
 * client 1.x: its model, exposition and a shaded protobuf), about 1-2 MB of classes loaded into
 * processes that run with a 64 MB heap, for a format that is a page of text. Tests parse what is
 * written here with the Prometheus project's own Python parser.
 */
package io.memkube.protocol.metrics;
