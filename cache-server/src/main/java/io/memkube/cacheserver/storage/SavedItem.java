package io.memkube.cacheserver.storage;

/**
 * One live item as a warm restart ({@code -e}) keeps it: times as unix seconds, since the next
 * process's clock starts elsewhere.
 *
 * @param exptimeUnix 0 for an item that never expires
 */
public record SavedItem(
    byte[] key, boolean binaryKey, long flags, long exptimeUnix, long cas, byte[] value) {}
