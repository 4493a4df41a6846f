package io.argosy.agent.sim;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/** fabric8's CRUD dispatcher (indexed, {@link IndexedCrudDispatcher}) with a {@link FaultPlan} in front of it. */
final class FaultInjectingDispatcher extends IndexedCrudDispatcher {
  static final String VERSION = "{\"major\":\"1\",\"minor\":\"30\",\"gitVersion\":\"v1.30.4\",\"platform\":\"linux/amd64\"}";
  private final FaultPlan faults;
  /** metrics.k8s.io, served from live pods and the load profile; set once the cluster starts. */
  volatile SimulatedMetricsServer metrics;

  FaultInjectingDispatcher(FaultPlan faults) {
    this.faults = faults;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    FaultPlan.Action a = faults.match(request.getMethod(), request.getPath());
    if (a != null && a.status() > 0) {
      return new MockResponse()
          .setResponseCode(a.status())
          .setHeader("Content-Type", "application/json")
          .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + a.status()
              + ",\"reason\":\"InternalError\",\"message\":\"injected by the simulated cluster\"}");
    }
    if ("/version".equals(request.getPath())) {
      // the CRUD dispatcher replaces the mock's expectations, which would have served this
      return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(VERSION);
    }
    SimulatedMetricsServer m = metrics;
    MockResponse r = m != null && m.handles(request.getPath()) ? m.dispatch(request) : super.dispatch(request);
    if (a != null && !a.delay().isZero()) {
      r.setBodyDelay(a.delay());
    }
    return r;
  }
}
