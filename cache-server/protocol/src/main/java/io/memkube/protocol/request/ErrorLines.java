package io.memkube.protocol.request;

/** memcached's error lines, word for word (sent followed by {@code \r\n}). */
public final class ErrorLines {
  public static final String ERROR = "ERROR";
  public static final String BAD_FORMAT = "CLIENT_ERROR bad command line format";
  public static final String BAD_DATA_CHUNK = "CLIENT_ERROR bad data chunk";
  public static final String TOO_LARGE = "SERVER_ERROR object too large for cache";
  public static final String OUT_OF_MEMORY = "SERVER_ERROR out of memory storing object";
  public static final String INVALID_EXPTIME = "CLIENT_ERROR invalid exptime argument";
  public static final String INVALID_DELTA = "CLIENT_ERROR invalid numeric delta argument";
  public static final String NON_NUMERIC =
      "CLIENT_ERROR cannot increment or decrement non-numeric value";
  public static final String DELETE_USAGE =
      "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]";
  public static final String SHUTDOWN_NOT_ENABLED = "ERROR: shutdown not enabled";
  public static final String INVALID_SHUTDOWN_MODE = "CLIENT_ERROR invalid shutdown mode";
  public static final String TOO_MANY_CONNECTIONS = "ERROR Too many open connections";
  public static final String META_DUPLICATE_FLAG = "CLIENT_ERROR duplicate flag";
  public static final String META_INVALID_FLAG = "CLIENT_ERROR invalid flag";
  public static final String META_INVALID_OR_DUPLICATE_FLAG =
      "CLIENT_ERROR invalid or duplicate flag";
  public static final String META_BAD_TOKEN = "CLIENT_ERROR bad token in command line format";
  public static final String META_KEY_DECODE = "CLIENT_ERROR error decoding key";
  public static final String META_OPAQUE_TOO_LONG = "CLIENT_ERROR opaque token too long";
  public static final String META_FLAGS_TOO_LONG = "CLIENT_ERROR options flags are too long";
  public static final String META_SET_FLAGS_TOO_LONG = "CLIENT_ERROR options flags too long";
  public static final String META_M_LENGTH = "CLIENT_ERROR incorrect length for M token";
  public static final String META_INVALID_INITIAL = "CLIENT_ERROR invalid numeric initial value";
  public static final String META_INVALID_DELTA = "CLIENT_ERROR invalid numeric delta value";
  public static final String META_MS_MODE = "CLIENT_ERROR invalid mode for ms M token";
  public static final String META_MA_MODE = "CLIENT_ERROR invalid mode for ma M token";

  private ErrorLines() {}
}
