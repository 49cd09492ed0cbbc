package io.memkube.proxy.spool;

import io.memkube.protocol.metrics.MetricFamilies;
import io.memkube.protocol.metrics.MetricFamilies.Type;
import io.memkube.proxy.metrics.MetricsContributor;

/** The delete spool's figures on {@code /metrics}, the same as its {@code asynclog_*} stats. */
public final class DeleteSpoolMetrics implements MetricsContributor {
  private final DeleteSpool spool;

  public DeleteSpoolMetrics(DeleteSpool spool) {
    this.spool = spool;
  }

  @Override
  public void writeTo(MetricFamilies out) {
    out.add(
        "memkube_proxy_delete_spool_spooled_total",
        Type.COUNTER,
        "Deletes a server could not take, written to the spool and answered NOT_FOUND.",
        spool.spooled());
    out.add(
        "memkube_proxy_delete_spool_delivered_total",
        Type.COUNTER,
        "Spooled deletes delivered to their server.",
        spool.delivered());
    out.add(
        "memkube_proxy_delete_spool_dropped_total",
        Type.COUNTER,
        "Spooled deletes dropped undelivered to keep the spool within its bound.",
        spool.dropped());
    out.add(
        "memkube_proxy_delete_spool_delivery_errors_total",
        Type.COUNTER,
        "Spooled deletes a server answered with an error line.",
        spool.deliveryErrors());
    out.add(
        "memkube_proxy_delete_spool_write_failures_total",
        Type.COUNTER,
        "Failed deletes that could not be spooled and got their error.",
        spool.writeFailures());
    out.add(
        "memkube_proxy_delete_spool_pending",
        Type.GAUGE,
        "Deletes in the spool waiting for their server.",
        spool.pending());
    out.add(
        "memkube_proxy_delete_spool_bytes",
        Type.GAUGE,
        "Bytes of the spool's files.",
        spool.bytesOnDisk());
  }
}
