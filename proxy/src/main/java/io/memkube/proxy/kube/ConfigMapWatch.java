package io.memkube.proxy.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Follows one key of one ConfigMap through the Kubernetes API: reads it, then watches it, and hands
 * every new text to the proxy. A mounted ConfigMap reaches the pod only when the kubelet next syncs
 * it (seen 10 to 68 s after the write, issue 13); a watch event arrives within a second.
 *
 * <p>Every failure (API server away, token refused, watch expired) is retried with a backoff, and
 * the watch is {@linkplain #healthy() unhealthy} meanwhile, so the mounted file takes over.
 */
public final class ConfigMapWatch implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ConfigMapWatch.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final KubeApi api;
  private final ObjectRef configMap;
  private final String key;
  private final Consumer<String> onText;
  private final Thread thread;
  private volatile boolean healthy;
  private volatile boolean closed;
  private volatile InputStream open;

  /**
   * @param key the ConfigMap's data key that holds the config
   * @param onText gets the text each time the ConfigMap is read or changes (it may repeat one)
   */
  public ConfigMapWatch(KubeApi api, ObjectRef configMap, String key, Consumer<String> onText) {
    this.api = api;
    this.configMap = configMap;
    this.key = key;
    this.onText = onText;
    this.thread = new Thread(this::run, "memkube-proxy-configmap-watch");
    this.thread.setDaemon(true);
  }

  public ConfigMapWatch start() {
    thread.start();
    return this;
  }

  /** Whether the watch is open now: while it is, the API's text is the one in force. */
  public boolean healthy() {
    return healthy;
  }

  private void run() {
    Duration backoff = FIRST_BACKOFF;
    boolean failing = false;
    while (!closed) {
      try {
        String resourceVersion = read();
        if (failing) {
          LOG.info(() -> "ConfigMap " + configMap + " read through the API again");
          failing = false;
        }
        backoff = FIRST_BACKOFF;
        watch(resourceVersion);
        // The watch ended (its timeout, or the API server closed it): read and watch again.
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        healthy = false;
        if (closed) {
          return;
        }
        if (!failing) {
          LOG.warning(
              () ->
                  "ConfigMap "
                      + configMap
                      + " through the API failed, the mounted file is used meanwhile: "
                      + e.getMessage());
          failing = true;
        }
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          return;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
  }

  /** Reads the ConfigMap, hands its text over, and returns its resourceVersion. */
  private String read() throws IOException, InterruptedException {
    HttpResponse<String> response = api.get(configMap.configMapPath());
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET " + configMap + ": HTTP " + response.statusCode() + " " + brief(response.body()));
    }
    JsonNode object = JSON.readTree(response.body());
    deliver(object);
    return object.path("metadata").path("resourceVersion").asText();
  }

  private void watch(String resourceVersion) throws IOException, InterruptedException {
    HttpResponse<InputStream> response = api.stream(configMap.watchPath(resourceVersion));
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException(
            "watch "
                + configMap
                + ": HTTP "
                + response.statusCode()
                + " "
                + brief(new String(body.readNBytes(512), StandardCharsets.UTF_8)));
      }
      open = body;
      healthy = true;
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
      String line;
      while (!closed && (line = lines.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode event = JSON.readTree(line);
        switch (event.path("type").asText()) {
          case "ADDED", "MODIFIED" -> deliver(event.path("object"));
          case "ERROR" ->
              // e.g. 410 Gone: the resourceVersion is too old; read afresh.
              throw new IOException("watch " + configMap + ": " + brief(event.toString()));
          default -> {
            // BOOKMARK, DELETED: nothing to run (a deleted ConfigMap leaves the config in force)
          }
        }
      }
    } finally {
      open = null;
    }
  }

  private void deliver(JsonNode object) {
    JsonNode text = object.path("data").path(key);
    if (text.isTextual()) {
      onText.accept(text.asText());
    } else {
      LOG.warning(() -> "ConfigMap " + configMap + " has no key " + key + ": nothing loaded");
    }
  }

  private static String brief(String body) {
    String oneLine = body == null ? "" : body.replaceAll("\\s+", " ");
    return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
  }

  @Override
  public void close() {
    closed = true;
    healthy = false;
    InputStream in = open;
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    thread.interrupt();
  }
}
