package io.memkube.protocol.binary;

import java.nio.charset.StandardCharsets;

/**
 * The response statuses memcached 1.6.18 sends, with the text it puts in an error response's body
 * (clients show it; some test suites only look for a body to tell an error from a success).
 */
public enum BinaryStatus {
  SUCCESS(0x00, ""),
  KEY_NOT_FOUND(0x01, "Not found"),
  KEY_EXISTS(0x02, "Data exists for key."),
  TOO_LARGE(0x03, "Too large."),
  INVALID_ARGUMENTS(0x04, "Invalid arguments"),
  NOT_STORED(0x05, "Not stored."),
  NON_NUMERIC(0x06, "Non-numeric server-side value for incr or decr"),
  AUTH_ERROR(0x20, "Auth failure."),
  UNKNOWN_COMMAND(0x81, "Unknown command"),
  OUT_OF_MEMORY(0x82, "Out of memory"),
  INTERNAL_ERROR(0x84, "Internal error");

  private final int code;
  private final byte[] message;

  BinaryStatus(int code, String message) {
    this.code = code;
    this.message = message.getBytes(StandardCharsets.US_ASCII);
  }

  /** The status field of the response header. */
  public int code() {
    return code;
  }

  /** memcached's text for the body of a response with this status (not to be modified). */
  byte[] messageBytes() {
    return message;
  }
}
