package io.memkube.proxy.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The part of a Kubernetes API server the proxy talks to, over plain HTTP on loopback: one
 * ConfigMap to get and watch, and merge patches to a second one, recorded. Tests change the
 * ConfigMap ({@link #update}) or make the API server fail ({@link #failing}).
 */
public final class FakeApiServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final String namespace;
  private final String name;
  private final String key;
  private final List<BlockingQueue<String>> watchers = new CopyOnWriteArrayList<>();
  private final List<String> patches = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private volatile String text;
  private volatile int resourceVersion = 1;
  private volatile boolean failing;

  public FakeApiServer(String namespace, String name, String key, String text) throws IOException {
    this.namespace = namespace;
    this.name = name;
    this.key = key;
    this.text = text;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/api/v1/namespaces/" + namespace + "/configmaps", this::handle);
    server.start();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A new version of the ConfigMap: sent to every open watch. */
  public void update(String newText) {
    text = newText;
    resourceVersion++;
    String event = "{\"type\":\"MODIFIED\",\"object\":" + object() + "}\n";
    watchers.forEach(w -> w.add(event));
  }

  /** From now on every request gets 503, and open watches end. */
  public void failing(boolean fail) {
    failing = fail;
    if (fail) {
      watchers.forEach(w -> w.add(""));
    }
  }

  /** The merge patches received, as JSON text, in order. */
  public List<String> patches() {
    return patches;
  }

  /** The Authorization headers received. */
  public List<String> authorizations() {
    return authorizations;
  }

  private String object() {
    ObjectNode o = JSON.createObjectNode();
    o.putObject("metadata")
        .put("name", name)
        .put("namespace", namespace)
        .put("resourceVersion", Integer.toString(resourceVersion));
    o.putObject("data").put(key, text);
    return o.toString();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth != null) {
      authorizations.add(auth);
    }
    if (failing) {
      reply(exchange, 503, "{\"kind\":\"Status\",\"code\":503}");
      return;
    }
    String path = exchange.getRequestURI().getPath();
    String query = exchange.getRequestURI().getQuery();
    String base = "/api/v1/namespaces/" + namespace + "/configmaps";
    if ("PATCH".equals(exchange.getRequestMethod())) {
      patches.add(
          path.substring(base.length() + 1)
              + " "
              + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      reply(exchange, 200, "{}");
    } else if (path.equals(base + "/" + name)) {
      reply(exchange, 200, object());
    } else if (path.equals(base) && query != null && query.contains("watch=true")) {
      watch(exchange, query);
    } else {
      reply(exchange, 404, "{\"kind\":\"Status\",\"code\":404}");
    }
  }

  private void watch(HttpExchange exchange, String query) throws IOException {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    watchers.add(events);
    // As the API server does: a watch from an older resourceVersion first gets what it missed.
    if (!query.contains("resourceVersion=" + resourceVersion + "&")
        && !query.endsWith("resourceVersion=" + resourceVersion)) {
      events.add("{\"type\":\"MODIFIED\",\"object\":" + object() + "}\n");
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      while (true) {
        String event = events.poll(30, TimeUnit.SECONDS);
        if (event == null || event.isEmpty()) {
          return; // the watch ends, as a watch's timeout does
        }
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      watchers.remove(events);
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    failing(true);
    server.stop(0);
  }
}
