package io.memkube.operator.dependent;

/** The proxies' PodMonitor dependent's activation: the Prometheus Operator's PodMonitor CRD. */
public class PodMonitorCrdPresentCondition extends CrdPresentCondition {

  static final String CRD_NAME = "podmonitors.monitoring.coreos.com";

  public PodMonitorCrdPresentCondition() {
    super(CRD_NAME);
  }
}
