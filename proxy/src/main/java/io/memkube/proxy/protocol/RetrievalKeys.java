package io.memkube.proxy.protocol;

import io.memkube.protocol.Command;
import io.memkube.protocol.request.McRequest;
import io.memkube.protocol.request.Request;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The keys of one classic retrieval as requests, made when asked for: the keys are copied into one
 * array (from the parts of a long line as they come), so that a {@code get} line with millions of
 * keys costs a few bytes per key until the proxy gets to each of them (it routes a bounded number
 * at a time), not a request object per key.
 */
final class RetrievalKeys extends AbstractList<McRequest> implements RandomAccess {
  private final Command op;
  private final long exptime;
  private byte[] keys = new byte[64];
  private int[] ends = new int[8];
  private int bytes;
  private int count;

  RetrievalKeys(Command op, long exptime) {
    this.op = op;
    this.exptime = exptime;
  }

  /** Appends the keys of a parsed line, or of one part of a long one. */
  RetrievalKeys add(Request r) {
    for (int i = 0; i < r.keyCount(); i++) {
      int len = r.keyLength(i);
      if (bytes + len > keys.length) {
        keys = Arrays.copyOf(keys, Math.max(keys.length * 2, bytes + len));
      }
      if (count == ends.length) {
        ends = Arrays.copyOf(ends, count * 2);
      }
      r.keyBuffer().getBytes(r.keyStart(i), keys, bytes, len);
      bytes += len;
      ends[count++] = bytes;
    }
    return this;
  }

  @Override
  public McRequest get(int i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException(i);
    }
    int start = i == 0 ? 0 : ends[i - 1];
    return McRequest.get(op, Arrays.copyOfRange(keys, start, ends[i]), exptime);
  }

  @Override
  public int size() {
    return count;
  }
}
