package io.memkube.proxy.metrics;

import io.memkube.protocol.metrics.MetricFamilies;

/**
 * A part of the proxy that adds families of its own to {@code /metrics} (the async delete spool
 * when it exists: its queued deletes, the replays and the ones given up), without {@link
 * ProxyMetrics} knowing it.
 */
@FunctionalInterface
public interface MetricsContributor {
  void writeTo(MetricFamilies out);
}
