package io.memkube.operator.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memkube.operator.monitoring.ApiRequestCounter.Request;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ApiRequestCounterTest {

  private static Request of(String method, String uri, String contentType) {
    return Request.of(method, URI.create("https://127.0.0.1:6443" + uri), contentType);
  }

  @Test
  void requestsAreNamedAsTheApiServerNamesThem() {
    assertEquals(
        new Request("WATCH", "statefulsets"),
        of("GET", "/apis/apps/v1/statefulsets?labelSelector=a%3Db&watch=true", null));
    assertEquals(
        new Request("LIST", "statefulsets"),
        of("GET", "/apis/apps/v1/namespaces/ns/statefulsets", null));
    assertEquals(
        new Request("APPLY", "statefulsets"),
        of(
            "PATCH",
            "/apis/apps/v1/namespaces/ns/statefulsets/c?fieldManager=m",
            "application/apply-patch+yaml"));
    assertEquals(
        new Request("PATCH", "memcachedclusters/status"),
        of(
            "PATCH",
            "/apis/memkube.io/v1alpha1/namespaces/ns/memcachedclusters/c/status",
            "application/merge-patch+json"));
    assertEquals(new Request("CREATE", "events"), of("POST", "/api/v1/namespaces/ns/events", null));
    assertEquals(
        new Request("UPDATE", "leases"),
        of("PUT", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/l", null));
    assertEquals(new Request("GET", "namespaces"), of("GET", "/api/v1/namespaces/ns", null));
    assertEquals(new Request("GET", "pods"), of("GET", "/api/v1/namespaces/ns/pods/p", null));
  }
}
