package io.memkube.proxy.spool;

import io.memkube.protocol.Command;
import io.memkube.protocol.request.McRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One spooled delete, one line in a spool file: {@code d <key>} for a text {@code delete}, {@code b
 * <key>} for a meta delete whose key is base64 on the wire. Keys never hold a space or a newline
 * (memcached refuses them), so a line needs no escaping; a line cut short by a crash has no newline
 * and is ignored when the file is read back.
 *
 * @param key the key as the server must receive it (routing prefix already removed)
 * @param base64 the key is base64, to be sent as {@code md <key> b}
 */
record SpoolRecord(byte[] key, boolean base64) {

  static SpoolRecord of(McRequest req) {
    boolean b = req.op() == Command.META_DELETE && req.metaTokens().contains("b");
    return new SpoolRecord(req.key(), b);
  }

  /** The record as a spool line, newline included. */
  byte[] line() {
    byte[] out = new byte[key.length + 3];
    out[0] = (byte) (base64 ? 'b' : 'd');
    out[1] = ' ';
    System.arraycopy(key, 0, out, 2, key.length);
    out[out.length - 1] = '\n';
    return out;
  }

  /** The record of a spool line without its newline, or null for a line that is not one. */
  static SpoolRecord parse(byte[] buf, int from, int to) {
    if (to - from < 3 || buf[from + 1] != ' ' || (buf[from] != 'd' && buf[from] != 'b')) {
      return null;
    }
    byte[] key = new byte[to - from - 2];
    System.arraycopy(buf, from + 2, key, 0, key.length);
    return new SpoolRecord(key, buf[from] == 'b');
  }

  /** The command that deletes the key on a memcached server. */
  void writeCommand(ByteArrayOutputStream out) {
    byte[] verb = (base64 ? "md " : "delete ").getBytes(StandardCharsets.US_ASCII);
    out.write(verb, 0, verb.length);
    out.write(key, 0, key.length);
    byte[] end = (base64 ? " b\r\n" : "\r\n").getBytes(StandardCharsets.US_ASCII);
    out.write(end, 0, end.length);
  }
}
