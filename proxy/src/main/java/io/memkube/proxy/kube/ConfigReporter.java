package io.memkube.proxy.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Tells the operator which config this proxy runs: the config's md5 (mcrouter's {@code
 * __mcrouter__.config_md5_digest}) under this proxy's key (its node's name) in a ConfigMap the
 * operator owns. The operator reports a ring change done, and shrinks the servers, only once every
 * proxy has written the new digest.
 *
 * <p>A merge patch of one key, so proxies on different nodes never conflict and the role needs only
 * {@code patch} on that one ConfigMap. Only the latest digest matters: a failed write is retried
 * (with a backoff) unless a newer digest replaced it.
 */
public final class ConfigReporter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ConfigReporter.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_BACKOFF_MILLIS = 10_000;

  private final KubeApi api;
  private final ObjectRef target;
  private final String key;
  private final ScheduledExecutorService sender =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "memkube-proxy-config-report");
            t.setDaemon(true);
            return t;
          });
  private String latest;
  private String sent;

  /**
   * @param target the ConfigMap the reports go to
   * @param key this proxy's key in it (the node's name: one proxy per node)
   */
  public ConfigReporter(KubeApi api, ObjectRef target, String key) {
    if (!key.matches("[-._a-zA-Z0-9]+")) {
      throw new IllegalArgumentException("'" + key + "' is not a valid ConfigMap key");
    }
    this.api = api;
    this.target = target;
    this.key = key;
  }

  /** The proxy now runs the config with this md5. */
  public synchronized void report(String md5) {
    latest = md5;
    sender.execute(() -> send(md5, 500));
  }

  private void send(String md5, long backoffMillis) {
    synchronized (this) {
      if (!md5.equals(latest) || md5.equals(sent)) {
        return; // superseded, or already written
      }
    }
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("data").put(key, md5);
    String error;
    try {
      HttpResponse<String> r = api.mergePatch(target.configMapPath(), patch.toString());
      if (r.statusCode() / 100 == 2) {
        synchronized (this) {
          sent = md5;
        }
        LOG.fine(() -> "reported config " + md5 + " to " + target);
        return;
      }
      error = "HTTP " + r.statusCode() + " " + r.body();
    } catch (IOException e) {
      error = e.toString();
    } catch (InterruptedException e) {
      return;
    }
    String why = error;
    LOG.warning(() -> "cannot report config " + md5 + " to " + target + ", trying again: " + why);
    if (!sender.isShutdown()) {
      sender.schedule(
          () -> send(md5, Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2)),
          backoffMillis,
          TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }
}
