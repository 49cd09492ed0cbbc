package io.memkube.proxy.hash;

import java.util.zip.CRC32;

/** mcrouter's Crc32 hash function: the standard CRC-32 of the key, masked to 31 bits, modulo n. */
public record Crc32Hash(int buckets) implements HashFunction {

  public Crc32Hash {
    if (buckets < 1) {
      throw new IllegalArgumentException("Crc32 needs at least 1 bucket, got " + buckets);
    }
  }

  @Override
  public int bucket(byte[] key, int off, int len) {
    CRC32 crc = new CRC32();
    crc.update(key, off, len);
    return (int) ((crc.getValue() & 0x7fffffffL) % buckets);
  }
}
