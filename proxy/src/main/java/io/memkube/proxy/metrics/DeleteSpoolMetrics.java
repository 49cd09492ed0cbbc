package io.memkube.proxy.metrics;

import io.memkube.protocol.metrics.MetricFamilies;
import io.memkube.protocol.metrics.MetricFamilies.Type;
import io.memkube.proxy.spool.DeleteSpool;

/**
 * The reliable delete stream's figures ({@code --async-dir}): the same counters {@code stats} shows
 * as {@code asynclog_*}, as {@code memkube_proxy_asynclog_*}.
 */
public final class DeleteSpoolMetrics implements MetricsContributor {
  private final DeleteSpool spool;

  public DeleteSpoolMetrics(DeleteSpool spool) {
    this.spool = spool;
  }

  @Override
  public void writeTo(MetricFamilies out) {
    out.add(
        "memkube_proxy_asynclog_spooled_total",
        Type.COUNTER,
        "Deletes written to the spool (a server could not take them).",
        spool.spooled());
    out.add(
        "memkube_proxy_asynclog_delivered_total",
        Type.COUNTER,
        "Spooled deletes delivered to their server.",
        spool.delivered());
    out.add(
        "memkube_proxy_asynclog_pending",
        Type.GAUGE,
        "Spooled deletes not delivered yet.",
        spool.pending());
    out.add(
        "memkube_proxy_asynclog_dropped_total",
        Type.COUNTER,
        "Deletes dropped because the spool was full (--async-spool-max-bytes).",
        spool.dropped());
    out.add(
        "memkube_proxy_asynclog_delivery_errors_total",
        Type.COUNTER,
        "Spooled deletes a server refused as a command (CLIENT_ERROR, ERROR; not sent again).",
        spool.deliveryErrors());
    out.add(
        "memkube_proxy_asynclog_delivery_retries_total",
        Type.COUNTER,
        "Deliveries stopped by a SERVER_ERROR (the delete stays spooled, sent again later).",
        spool.deliveryRetries());
    out.add(
        "memkube_proxy_asynclog_write_failures_total",
        Type.COUNTER,
        "Deletes the spool could not write to disk.",
        spool.writeFailures());
    out.add(
        "memkube_proxy_asynclog_bytes",
        Type.GAUGE,
        "Bytes of the spool's files on disk.",
        spool.bytesOnDisk());
  }
}
