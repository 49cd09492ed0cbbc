package io.memkube.proxy.state;

import io.memkube.proxy.config.DestinationRegistry;
import io.memkube.proxy.config.LoadedConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What every proxy thread shares: the current config (swapped whole on reload; requests already
 * routed keep the handles they started with), the servers, the options and the counters.
 */
public final class ProxyState {
  private volatile LoadedConfig config;
  private volatile long configLoadedMillis = System.currentTimeMillis();
  private final DestinationRegistry destinations;
  private final ProxyOptions options;
  private final ProxyStats stats = new ProxyStats();
  private final String version;
  private final List<Consumer<BiConsumer<String, Object>>> extraStats =
      new CopyOnWriteArrayList<>();

  public ProxyState(
      LoadedConfig config, DestinationRegistry destinations, ProxyOptions options, String version) {
    this.config = config;
    this.destinations = destinations;
    this.options = options;
    this.version = version;
  }

  public LoadedConfig config() {
    return config;
  }

  public void swapConfig(LoadedConfig next) {
    this.config = next;
    this.configLoadedMillis = System.currentTimeMillis();
    stats.lastConfigSuccessMillis = configLoadedMillis;
  }

  public long configLoadedMillis() {
    return configLoadedMillis;
  }

  public DestinationRegistry destinations() {
    return destinations;
  }

  public ProxyOptions options() {
    return options;
  }

  public ProxyStats stats() {
    return stats;
  }

  /** Adds counters of an optional part (the delete spool) to the general {@code stats}. */
  public void addStats(Consumer<BiConsumer<String, Object>> source) {
    extraStats.add(source);
  }

  /** Writes the optional parts' counters as name, value. */
  public void writeExtraStats(BiConsumer<String, Object> out) {
    for (var s : extraStats) {
      s.accept(out);
    }
  }

  public String version() {
    return version;
  }
}
