package io.memkube.cacheserver.metrics;

import io.memkube.cacheserver.storage.StorageStats;
import io.memkube.protocol.metrics.MetricFamilies;
import io.memkube.protocol.metrics.MetricFamilies.Type;

/**
 * memkube's own storage figures, which memcached's slab model has no name for: the pages of the
 * log-structured store, and the hash index, both in direct memory.
 */
final class StorageMetrics {
  private StorageMetrics() {}

  static void writeTo(MetricFamilies out, StorageStats st) {
    out.add("memkube_cache_page_size_bytes", Type.GAUGE, "Size of one item page.", st.pageSize);
    out.add(
        "memkube_cache_pages_allocated",
        Type.GAUGE,
        "Item pages allocated so far (never freed, as memcached keeps its slab pages).",
        st.pagesAllocated);
    out.add(
        "memkube_cache_pages_limit",
        Type.GAUGE,
        "Item pages the memory limit (-m) allows.",
        st.pagesLimit);
    out.add(
        "memkube_cache_item_bytes",
        Type.GAUGE,
        "Bytes the live items take in the pages (the rest of the allocated pages is dead or free).",
        st.bytes);
    out.add(
        "memkube_cache_index_slots",
        Type.GAUGE,
        "Slots of the hash index over all shards (at most 3/4 of them hold items).",
        st.hashSlots);
    out.add(
        "memkube_cache_index_bytes", Type.GAUGE, "Direct memory of the hash index.", st.hashBytes);
    out.add("memkube_cache_index_items", Type.GAUGE, "Items the index holds.", st.currItems);
    out.add("memkube_cache_shards", Type.GAUGE, "Lock stripes of the cache.", st.shards);
    out.add(
        "memkube_cache_oldest_item_age_seconds",
        Type.GAUGE,
        "Seconds since the oldest item was written or bumped: how long the cache holds things.",
        st.oldestItemAge);
    out.add(
        "memkube_cache_evicted_active_total",
        Type.COUNTER,
        "Items given a second chance when their page was recycled (memcached's evicted_active).",
        st.evictedActive);
  }
}
