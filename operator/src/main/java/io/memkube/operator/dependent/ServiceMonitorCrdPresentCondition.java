package io.memkube.operator.dependent;

/** The ServiceMonitor dependent's activation: the Prometheus Operator's ServiceMonitor CRD. */
public class ServiceMonitorCrdPresentCondition extends CrdPresentCondition {

  static final String CRD_NAME = "servicemonitors.monitoring.coreos.com";

  public ServiceMonitorCrdPresentCondition() {
    super(CRD_NAME);
  }
}
