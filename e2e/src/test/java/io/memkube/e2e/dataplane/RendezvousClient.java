package io.memkube.e2e.dataplane;

import io.memkube.e2e.app.TextProtocolConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A client that spreads keys over a list of servers itself, by rendezvous hashing (each key goes to
 * the server with the highest hash of server and key), as the tutorial's pymemcache {@code
 * HashClient} does over the addresses the headless Service resolves to.
 */
final class RendezvousClient implements AutoCloseable {

  private final List<String> servers;
  private final Map<String, TextProtocolConnection> connections = new LinkedHashMap<>();

  RendezvousClient(List<String> servers) {
    this.servers = List.copyOf(servers);
  }

  /** The server {@code key} belongs to. */
  String serverOf(String key) {
    return servers.stream()
        .max(Comparator.comparingLong(server -> hash(server + "/" + key)))
        .orElseThrow(() -> new IllegalStateException("no servers"));
  }

  boolean set(String key, String value) {
    try {
      return connection(serverOf(key)).set(key, value);
    } catch (IOException e) {
      throw new UncheckedIOException("set " + key + " on " + serverOf(key), e);
    }
  }

  Optional<String> get(String key) {
    try {
      return connection(serverOf(key)).get(key);
    } catch (IOException e) {
      throw new UncheckedIOException("get " + key + " on " + serverOf(key), e);
    }
  }

  private TextProtocolConnection connection(String server) throws IOException {
    TextProtocolConnection c = connections.get(server);
    if (c == null) {
      c = TextProtocolConnection.open(server, 11211, Duration.ofSeconds(3));
      connections.put(server, c);
    }
    return c;
  }

  /**
   * 64-bit FNV-1a, then MurmurHash3's finalizer: FNV alone barely changes the high bits between
   * keys that differ in a character, and rendezvous hashing compares whole values.
   */
  static long hash(String text) {
    long h = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }

  @Override
  public void close() {
    for (TextProtocolConnection c : connections.values()) {
      try {
        c.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
