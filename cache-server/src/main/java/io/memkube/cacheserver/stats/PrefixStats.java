package io.memkube.cacheserver.stats;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * memcached's {@code stats detail}: gets, hits, sets and deletes per key prefix (the key up to the
 * {@code -D} delimiter; keys without one are not counted), collected while {@code stats detail on}
 * and listed by {@code stats detail dump} in memcached's order: by the prefix's MurmurHash3 modulo
 * 256, newest first within a bucket.
 */
public final class PrefixStats {
  /** memcached's {@code PREFIX_HASH_SIZE}. */
  private static final int BUCKETS = 256;

  /**
   * memkube's own cap: memcached lets prefixes grow without bound; past this many, new prefixes are
   * not counted, so a client cannot fill the heap with them.
   */
  static final int MAX_PREFIXES = 65_536;

  private static final class Counts {
    final long seq;
    final int bucket;
    final LongAdder gets = new LongAdder();
    final LongAdder hits = new LongAdder();
    final LongAdder sets = new LongAdder();
    final LongAdder deletes = new LongAdder();

    Counts(long seq, int bucket) {
      this.seq = seq;
      this.bucket = bucket;
    }
  }

  private final byte delimiter;
  private final Map<String, Counts> prefixes = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private volatile boolean enabled;

  PrefixStats(char delimiter) {
    this.delimiter = (byte) delimiter;
  }

  /** Whether commands are being counted ({@code stats detail on}). */
  public boolean enabled() {
    return enabled;
  }

  public void enable(boolean on) {
    enabled = on;
  }

  /** A get of one key (get, gets, gat, gats), hit or miss. */
  public void recordGet(ByteBuf key, int start, int length, boolean hit) {
    Counts c = find(key, start, length);
    if (c != null) {
      c.gets.increment();
      if (hit) {
        c.hits.increment();
      }
    }
  }

  /** A storage command that got as far as its data. */
  public void recordSet(ByteBuf key, int start, int length) {
    Counts c = find(key, start, length);
    if (c != null) {
      c.sets.increment();
    }
  }

  public void recordDelete(ByteBuf key, int start, int length) {
    Counts c = find(key, start, length);
    if (c != null) {
      c.deletes.increment();
    }
  }

  /** {@code stats reset} forgets every prefix. */
  void clear() {
    prefixes.clear();
  }

  /** The {@code stats detail dump} lines, each ending in CRLF, without the final END. */
  public String dump() {
    List<Map.Entry<String, Counts>> all = new ArrayList<>(prefixes.entrySet());
    all.sort(
        Comparator.comparingInt((Map.Entry<String, Counts> e) -> e.getValue().bucket)
            .thenComparing(e -> -e.getValue().seq));
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Counts> e : all) {
      Counts c = e.getValue();
      sb.append("PREFIX ")
          .append(e.getKey())
          .append(" get ")
          .append(c.gets.sum())
          .append(" hit ")
          .append(c.hits.sum())
          .append(" set ")
          .append(c.sets.sum())
          .append(" del ")
          .append(c.deletes.sum())
          .append("\r\n");
    }
    return sb.toString();
  }

  /** The key's prefix counters, created on first use; null for a key without a delimiter. */
  private Counts find(ByteBuf key, int start, int length) {
    int n = 0;
    // as memcached, a NUL byte ends the prefix as the delimiter would
    while (n < length && key.getByte(start + n) != delimiter && key.getByte(start + n) != 0) {
      n++;
    }
    if (n == length) {
      return null;
    }
    byte[] prefix = new byte[n];
    key.getBytes(start, prefix);
    String name = new String(prefix, StandardCharsets.ISO_8859_1);
    Counts c = prefixes.get(name);
    if (c == null) {
      if (prefixes.size() >= MAX_PREFIXES) {
        return null;
      }
      int bucket = Integer.remainderUnsigned(MurmurHash3.hash32x86(prefix, 0, n, 0), BUCKETS);
      c = prefixes.computeIfAbsent(name, k -> new Counts(sequence.incrementAndGet(), bucket));
    }
    return c;
  }
}
