package io.memkube.cacheserver.restart;

import io.memkube.cacheserver.storage.Cache;
import io.memkube.cacheserver.storage.ItemScan;
import io.memkube.cacheserver.storage.SavedItem;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * memcached's {@code -e FILE}, a warm restart: a clean stop writes the cache's items to {@code
 * FILE} and then a small {@code FILE.meta}; the next start with the same flag reads them back
 * before it listens, and removes the metadata first, so that a crash after a restore never restores
 * the same items twice.
 *
 * <p>memcached keeps its whole slab memory in the file (mapped, so it should be on a RAM disk);
 * memkube writes the live items only, so {@code -m} and {@code -I} may change between the two runs:
 * items that no longer fit are evicted or left out as any store would be. As with memcached, a
 * metadata file that cannot be read stops the start, and a missing one starts empty.
 */
public final class MemoryFile {
  private static final String HEADER = "memkube-memory-file 1";
  private static final int DATA_MAGIC = 0x4d4b4d46; // "MKMF"

  private final Path data;
  private final Path meta;
  private boolean saved;

  public MemoryFile(Path data) {
    this.data = data;
    this.meta = data.resolveSibling(data.getFileName() + ".meta");
  }

  /** What a restore put back. */
  public record Restored(long items, long skipped, int hashPowerLevel) {}

  /**
   * Reads the items a previous clean stop saved, if it did.
   *
   * @return null when there is nothing to restore (no metadata file)
   * @throws InvalidMemoryFile when the metadata file is there but is not one memkube wrote
   */
  public Restored restoreInto(Cache cache) throws IOException {
    if (!Files.exists(meta)) {
      return null;
    }
    Map<String, String> fields = readMeta();
    Files.delete(meta);
    long expected = number(fields, "items");
    int level = (int) number(fields, "hash_power_level");
    cache.hashPowerAtLeast(level);
    long items = 0;
    long skipped = 0;
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(data), 1 << 16))) {
      if (in.readInt() != DATA_MAGIC) {
        throw new InvalidMemoryFile(data + " is not a memkube memory file");
      }
      for (int keyLength = in.readUnsignedShort();
          keyLength != 0;
          keyLength = in.readUnsignedShort()) {
        byte[] key = in.readNBytes(keyLength);
        boolean binaryKey = in.readBoolean();
        long flags = in.readInt() & 0xFFFF_FFFFL;
        long exptime = in.readLong();
        long cas = in.readLong();
        byte[] value = in.readNBytes(in.readInt());
        if (cache.restore(new SavedItem(key, binaryKey, flags, exptime, cas, value))) {
          items++;
        } else {
          skipped++;
        }
      }
      if (in.readLong() != expected) {
        throw new InvalidMemoryFile(data + " does not hold the " + expected + " items it should");
      }
    } catch (EOFException e) {
      throw new InvalidMemoryFile(data + " ends early: " + items + " of " + expected + " items");
    }
    Files.deleteIfExists(data);
    return new Restored(items, skipped, level);
  }

  /**
   * Writes the cache's live items, then the metadata that makes them count. Called by every path
   * that stops the server cleanly; the first call writes and later ones return once it is done.
   *
   * @return the number of items written, or -1 when an earlier call wrote them
   */
  public synchronized long save(Cache cache) throws IOException {
    if (saved) {
      return -1;
    }
    saved = true;
    Files.deleteIfExists(meta);
    Path tmp = data.resolveSibling(data.getFileName() + ".tmp");
    long[] count = {0};
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
      out.writeInt(DATA_MAGIC);
      try {
        new ItemScan(cache)
            .forEachLive(
                item -> {
                  try {
                    out.writeShort(item.key().length);
                    out.write(item.key());
                    out.writeBoolean(item.binaryKey());
                    out.writeInt((int) item.flags());
                    out.writeLong(item.exptimeUnix());
                    out.writeLong(item.cas());
                    out.writeInt(item.value().length);
                    out.write(item.value());
                    count[0]++;
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      out.writeShort(0);
      out.writeLong(count[0]);
    }
    Files.move(tmp, data, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Path metaTmp = meta.resolveSibling(meta.getFileName() + ".tmp");
    Files.writeString(
        metaTmp,
        HEADER
            + "\nitems "
            + count[0]
            + "\nhash_power_level "
            + cache.hashPowerLevel()
            + "\nsaved "
            + System.currentTimeMillis() / 1000
            + "\n",
        StandardCharsets.US_ASCII);
    Files.move(metaTmp, meta, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return count[0];
  }

  private Map<String, String> readMeta() throws IOException {
    List<String> lines = Files.readAllLines(meta, StandardCharsets.US_ASCII);
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new InvalidMemoryFile(
          meta
              + " is not the metadata of a memkube memory file (first line: "
              + (lines.isEmpty() ? "none" : lines.get(0))
              + ")");
    }
    Map<String, String> fields = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      int space = line.indexOf(' ');
      if (space > 0) {
        fields.put(line.substring(0, space), line.substring(space + 1));
      }
    }
    return fields;
  }

  private long number(Map<String, String> fields, String name) throws InvalidMemoryFile {
    try {
      return Long.parseLong(fields.get(name));
    } catch (NumberFormatException e) {
      throw new InvalidMemoryFile(meta + " has no valid " + name + " line");
    }
  }

  /** The metadata file exists but memkube cannot trust it: the server does not start. */
  public static final class InvalidMemoryFile extends IOException {
    InvalidMemoryFile(String message) {
      super(message);
    }
  }
}
