package io.memkube.proxy.protocol;

import io.memkube.protocol.Command;
import io.memkube.protocol.request.McRequest;
import io.memkube.protocol.request.Request;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The keys of one classic retrieval as requests, made when asked for: the keys are copied once, in
 * one array, so that a {@code get} line with millions of keys costs a few bytes per key until the
 * proxy gets to each of them (it routes a bounded number at a time), not a request object per key.
 */
final class RetrievalKeys extends AbstractList<McRequest> implements RandomAccess {
  private final Command op;
  private final long exptime;
  private final byte[] keys;
  private final int[] ends;

  private RetrievalKeys(Command op, long exptime, byte[] keys, int[] ends) {
    this.op = op;
    this.exptime = exptime;
    this.keys = keys;
    this.ends = ends;
  }

  static RetrievalKeys of(Command op, Request r, long exptime) {
    int n = r.keyCount();
    int total = 0;
    for (int i = 0; i < n; i++) {
      total += r.keyLength(i);
    }
    byte[] keys = new byte[total];
    int[] ends = new int[n];
    int at = 0;
    for (int i = 0; i < n; i++) {
      int len = r.keyLength(i);
      r.keyBuffer().getBytes(r.keyStart(i), keys, at, len);
      at += len;
      ends[i] = at;
    }
    return new RetrievalKeys(op, exptime, keys, ends);
  }

  @Override
  public McRequest get(int i) {
    int start = i == 0 ? 0 : ends[i - 1];
    return McRequest.get(op, Arrays.copyOfRange(keys, start, ends[i]), exptime);
  }

  @Override
  public int size() {
    return ends.length;
  }
}
