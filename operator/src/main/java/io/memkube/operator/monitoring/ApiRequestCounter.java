package io.memkube.operator.monitoring;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts the operator's own requests to the API server, as {@code
 * memkube_api_requests_total{verb,resource}} with the API server's verb names (LIST, WATCH, APPLY
 * ...). The API server's own {@code apiserver_request_total} mixes every client; this shows what
 * the operator costs the control plane, and what a change to it saves.
 */
public final class ApiRequestCounter implements Interceptor {

  static final String METRIC = "memkube.api.requests";

  private final MeterRegistry registry;
  private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

  public ApiRequestCounter(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    Request r = Request.of(request.method(), request.uri(), request.header("Content-Type"));
    counters
        .computeIfAbsent(
            r.verb() + " " + r.resource(),
            k ->
                Counter.builder(METRIC)
                    .description("Requests of the operator to the Kubernetes API server")
                    .tag("verb", r.verb())
                    .tag("resource", r.resource())
                    .register(registry))
        .increment();
  }

  /**
   * A request as the API server names it.
   *
   * @param verb GET, LIST, WATCH, CREATE, UPDATE, PATCH, APPLY, DELETE or DELETECOLLECTION
   * @param resource the resource, with its subresource after a slash ({@code leases}, {@code
   *     memcachedclusters/status})
   */
  record Request(String verb, String resource) {

    static Request of(String method, URI uri, String contentType) {
      String[] parts = uri.getPath().replaceAll("^/+|/+$", "").split("/+");
      // /api/v1/... or /apis/GROUP/VERSION/...
      int i = parts.length > 0 && parts[0].equals("api") ? 2 : 3;
      if (parts.length > i + 2 && parts[i].equals("namespaces")) {
        i += 2; // a namespaced resource, not the namespace itself
      }
      String resource = parts.length > i ? parts[i] : "";
      boolean named = parts.length > i + 1;
      if (parts.length > i + 2) {
        resource += "/" + parts[i + 2];
      }
      String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
      String verb =
          switch (method) {
            case "GET" ->
                query.matches("(.*&)?watch=(true|1)(&.*)?") ? "WATCH" : named ? "GET" : "LIST";
            case "POST" -> "CREATE";
            case "PUT" -> "UPDATE";
            case "PATCH" ->
                contentType != null && contentType.startsWith("application/apply-patch")
                    ? "APPLY"
                    : "PATCH";
            case "DELETE" -> named ? "DELETE" : "DELETECOLLECTION";
            default -> method;
          };
      return new Request(verb, resource);
    }
  }
}
