package io.memkube.proxy.testing;

import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.config.ConfigSource;
import io.memkube.proxy.configmodel.parse.LoaderOptions;
import io.memkube.proxy.pool.ConnectionLimits;
import io.memkube.proxy.state.ProxyOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Starts a proxy on a free loopback port with test-friendly timings. */
public final class ProxyFixture {
  private ProxyFixture() {}

  /**
   * Server timeout of the fixtures: long enough that a loaded CI machine does not turn a slow reply
   * into a timeout; tests about timeouts pick their own.
   */
  public static final long TIMEOUT_MILLIS = 1000;

  public static RunningProxy start(String json) throws Exception {
    return start(new ConfigSource.Inline(json), false, TIMEOUT_MILLIS);
  }

  public static RunningProxy startWithTimeout(String json, long serverTimeoutMillis)
      throws Exception {
    return start(new ConfigSource.Inline(json), false, serverTimeoutMillis);
  }

  public static RunningProxy start(ConfigSource source, boolean flush, long serverTimeoutMillis)
      throws Exception {
    return RunningProxy.start(
        source,
        new LoaderOptions(serverTimeoutMillis, "/././", false, Map.of(), 1),
        new ProxyOptions(1024, flush, true, new ConnectionLimits(10_000, 100_000, 500, 60_000)),
        new RunningProxy.HealthSettings(3, 200, 1000),
        2,
        List.of(new InetSocketAddress("127.0.0.1", 0)),
        0);
  }

  public static RunningProxy start(String json, ProxyOptions options) throws Exception {
    return RunningProxy.start(
        new ConfigSource.Inline(json),
        new LoaderOptions(TIMEOUT_MILLIS, "/././", false, Map.of(), 1),
        options,
        new RunningProxy.HealthSettings(3, 200, 1000),
        2,
        List.of(new InetSocketAddress("127.0.0.1", 0)),
        0);
  }

  /** A proxy with the given TKO and probe settings. */
  public static RunningProxy start(String json, RunningProxy.HealthSettings health)
      throws Exception {
    return RunningProxy.start(
        new ConfigSource.Inline(json),
        new LoaderOptions(TIMEOUT_MILLIS, "/././", false, Map.of(), 1),
        ProxyOptions.defaults(),
        health,
        2,
        List.of(new InetSocketAddress("127.0.0.1", 0)),
        0);
  }

  /** A proxy watching {@code file} whose ring changes warm up for {@code warmUpSeconds}. */
  public static RunningProxy startWatching(Path file, long warmUpSeconds) throws Exception {
    return RunningProxy.start(
        new ConfigSource.FromFile(file),
        new LoaderOptions(TIMEOUT_MILLIS, "/././", false, Map.of(), 1),
        ProxyOptions.defaults(),
        new RunningProxy.HealthSettings(3, 200, 1000),
        2,
        List.of(new InetSocketAddress("127.0.0.1", 0)),
        50,
        warmUpSeconds);
  }

  public static RunningProxy startWatching(Path file) throws Exception {
    return RunningProxy.start(
        new ConfigSource.FromFile(file),
        new LoaderOptions(TIMEOUT_MILLIS, "/././", false, Map.of(), 1),
        ProxyOptions.defaults(),
        new RunningProxy.HealthSettings(3, 200, 1000),
        2,
        List.of(new InetSocketAddress("127.0.0.1", 0)),
        50);
  }
}
