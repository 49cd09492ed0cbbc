package io.memkube.protocol.binary;

/**
 * The opcodes of memcached's binary protocol that memcached 1.6.18 serves without SASL. A quiet
 * opcode ({@code GETQ}, {@code SETQ}, ...) means the same command as its loud twin with fewer
 * replies: the get family leaves out misses, the others leave out successes; errors are always
 * sent.
 */
public enum BinaryOpcode {
  GET(0x00),
  SET(0x01),
  ADD(0x02),
  REPLACE(0x03),
  DELETE(0x04),
  INCREMENT(0x05),
  DECREMENT(0x06),
  QUIT(0x07),
  FLUSH(0x08),
  GETQ(0x09, GET),
  NOOP(0x0a),
  VERSION(0x0b),
  GETK(0x0c),
  GETKQ(0x0d, GETK),
  APPEND(0x0e),
  PREPEND(0x0f),
  STAT(0x10),
  SETQ(0x11, SET),
  ADDQ(0x12, ADD),
  REPLACEQ(0x13, REPLACE),
  DELETEQ(0x14, DELETE),
  INCREMENTQ(0x15, INCREMENT),
  DECREMENTQ(0x16, DECREMENT),
  QUITQ(0x17, QUIT),
  FLUSHQ(0x18, FLUSH),
  APPENDQ(0x19, APPEND),
  PREPENDQ(0x1a, PREPEND),
  VERBOSITY(0x1b),
  TOUCH(0x1c),
  GAT(0x1d),
  GATQ(0x1e, GAT),
  GATK(0x23),
  GATKQ(0x24, GATK);

  private static final BinaryOpcode[] BY_CODE = new BinaryOpcode[256];

  static {
    for (BinaryOpcode o : values()) {
      BY_CODE[o.code] = o;
    }
  }

  private final int code;
  private final BinaryOpcode loud;

  BinaryOpcode(int code) {
    this.code = code;
    this.loud = null;
  }

  BinaryOpcode(int code, BinaryOpcode loud) {
    this.code = code;
    this.loud = loud;
  }

  /** The opcode byte on the wire. */
  public int code() {
    return code;
  }

  /** Whether this is a quiet variant. */
  public boolean quiet() {
    return loud != null;
  }

  /** The command this opcode runs: itself, or the loud twin of a quiet variant. */
  public BinaryOpcode command() {
    return loud != null ? loud : this;
  }

  /** The opcode for a wire byte, or null for one memcached answers with unknown command. */
  public static BinaryOpcode of(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
