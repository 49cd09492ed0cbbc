package io.memkube.cacheserver.storage;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * memcached's LRU crawler, in memkube's terms: the pass that unlinks expired and flushed items
 * ({@link Cache#reclaimExpired}). While enabled (memcached's default, {@code -o lru_crawler}) it
 * runs in the background when an item may have expired (checked every second); {@code lru_crawler
 * crawl} runs one now. Disabled ({@code -o no_lru_crawler}, {@code no_modern}, {@code lru_crawler
 * disable}), expired items are unlinked only when looked up or when their page is recycled, as in
 * memcached.
 */
public final class LruCrawler implements AutoCloseable {
  private final Cache cache;
  private volatile boolean enabled;
  private final AtomicInteger running = new AtomicInteger();
  private final LongAdder starts = new LongAdder();
  private ExecutorService requested;

  LruCrawler(Cache cache) {
    this.cache = cache;
    this.enabled = true;
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * {@code lru_crawler enable}.
   *
   * @return false when it was already on (memcached cannot start its thread twice)
   */
  public synchronized boolean enable() {
    if (enabled) {
      return false;
    }
    enabled = true;
    return true;
  }

  /** {@code lru_crawler disable}. */
  public void disable() {
    enabled = false;
  }

  /** Whether a pass is running ({@code lru_crawler_running}). */
  public boolean running() {
    return running.get() > 0;
  }

  /** Passes started ({@code lru_crawler_starts}). */
  public long starts() {
    return starts.sum();
  }

  /**
   * The periodic pass (every second): sweeps the shards where an item may have expired ({@link
   * Cache#reclaimDue}); nothing while disabled. Counted as a start only when it swept.
   */
  public void backgroundPass() {
    if (!enabled) {
      return;
    }
    running.incrementAndGet();
    try {
      if (cache.reclaimDue()) {
        starts.increment();
      }
    } finally {
      running.decrementAndGet();
    }
  }

  /** {@code lru_crawler crawl}: one pass, on the crawler's own thread; returns at once. */
  public synchronized void crawlSoon() {
    if (requested == null) {
      requested =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "memkube-lru-crawler");
                t.setDaemon(true);
                return t;
              });
    }
    running.incrementAndGet(); // counted from the request on, so a poll right after sees it
    requested.execute(
        () -> {
          try {
            cache.reclaimExpired();
          } finally {
            running.decrementAndGet();
          }
        });
    starts.increment();
  }

  @Override
  public synchronized void close() {
    if (requested != null) {
      requested.shutdownNow();
      try {
        // a pass reads item memory: it must end before the cache frees it
        requested.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
