package io.memkube.cacheserver.it;

import java.util.Random;

/**
 * Random but well-framed requests (text and meta) over a small key space, for differential runs.
 */
final class RequestGenerator {
  private static final String[] KEYS = {"a", "b", "k1", "k2", "num", "zz", "Zm9v"};
  private static final String[] NUMBERS = {
    "0",
    "1",
    "5",
    "-1",
    "100",
    "2592000",
    "2592001",
    "4294967295",
    "4294967296",
    "+7",
    "x",
    "1x",
    "18446744073709551615",
    "18446744073709551616",
    "-0",
    "007"
  };

  /**
   * Exptimes that expire at once or never within a run. A short relative TTL (1, 5, 30 s) would
   * expire on each server's own one-second tick, so the two servers could disagree for a moment and
   * every later reply on that key would differ: a flaky comparison, not a difference.
   */
  private static final String[] EXPTIMES = {
    "0",
    "-1",
    "7200",
    "2592000",
    "2592001",
    "4294967295",
    "4294967296",
    "+7200",
    "x",
    "1x",
    "18446744073709551615",
    "18446744073709551616",
    "-0",
    "0007200"
  };

  private static final String[] TEXT = {
    "get",
    "gets",
    "gat",
    "gats",
    "set",
    "add",
    "replace",
    "append",
    "prepend",
    "cas",
    "incr",
    "decr",
    "delete",
    "touch",
    "mg",
    "ms",
    "md",
    "ma",
    "me",
    "verbosity",
    "flush_all"
  };
  private static final char[] META_FLAGS = "bcfhklOqstuvCDEFIJMNRTPLxZ".toCharArray();

  private RequestGenerator() {}

  static String request(Random r) {
    String cmd = TEXT[r.nextInt(TEXT.length)];
    String key = KEYS[r.nextInt(KEYS.length)];
    StringBuilder sb = new StringBuilder(cmd);
    switch (cmd) {
      case "get", "gets" -> {
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
          sb.append(' ').append(KEYS[r.nextInt(KEYS.length)]);
        }
        sb.append("\r\n");
      }
      case "gat", "gats" ->
          sb.append(' ').append(exptime(r)).append(' ').append(key).append("\r\n");
      case "set", "add", "replace", "append", "prepend", "cas" -> {
        String value = value(r);
        int declared = r.nextInt(10) == 0 ? value.length() + r.nextInt(3) - 1 : value.length();
        sb.append(' ').append(key).append(' ').append(r.nextInt(4) == 0 ? num(r) : "0");
        sb.append(' ').append(r.nextInt(4) == 0 ? exptime(r) : "0");
        sb.append(' ').append(declared < 0 ? "0" : declared);
        if (cmd.equals("cas")) {
          sb.append(' ').append(r.nextInt(3) == 0 ? num(r) : "" + r.nextInt(200));
        }
        if (r.nextInt(5) == 0) {
          sb.append(" noreply");
        }
        sb.append("\r\n").append(value).append("\r\n");
      }
      case "incr", "decr" -> {
        sb.append(' ').append(key).append(' ').append(num(r));
        if (r.nextInt(5) == 0) {
          sb.append(" noreply");
        }
        sb.append("\r\n");
      }
      case "delete" ->
          sb.append(' ').append(key).append(r.nextInt(5) == 0 ? " noreply" : "").append("\r\n");
      case "touch" -> sb.append(' ').append(key).append(' ').append(exptime(r)).append("\r\n");
      case "verbosity" -> sb.append(' ').append(r.nextInt(3)).append("\r\n");
      case "flush_all" -> sb.append(r.nextInt(3) == 0 ? " 0" : "").append("\r\n");
      case "me" -> sb.append(' ').append(key).append("\r\n");
      case "ms" -> {
        String value = value(r);
        sb.append(' ').append(key).append(' ').append(value.length()).append(metaFlags(r));
        sb.append("\r\n").append(value).append("\r\n");
      }
      default -> sb.append(' ').append(key).append(metaFlags(r)).append("\r\n");
    }
    return sb.toString();
  }

  private static String num(Random r) {
    return NUMBERS[r.nextInt(NUMBERS.length)];
  }

  private static String exptime(Random r) {
    return EXPTIMES[r.nextInt(EXPTIMES.length)];
  }

  private static String value(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> "";
      case 1 -> "" + r.nextInt(1000);
      case 2 -> "18446744073709551615";
      case 3 -> "v" + "x".repeat(r.nextInt(20));
      default -> "  " + r.nextInt(50);
    };
  }

  private static String metaFlags(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      char f = META_FLAGS[r.nextInt(META_FLAGS.length)];
      sb.append(' ').append(f);
      switch (f) {
        case 'T', 'N' -> sb.append(r.nextInt(4) == 0 ? "-1" : "" + (3600 + r.nextInt(300)));
        // Far below any TTL set above, so whether an item is due for recache never hangs on a tick.
        case 'R' -> sb.append(r.nextInt(4) == 0 ? "-1" : "" + (30 + r.nextInt(300)));
        case 'C', 'D', 'J', 'F' -> sb.append(r.nextInt(6) == 0 ? "x" : "" + r.nextInt(100));
        case 'M' -> sb.append("EAPRSIDx+-".charAt(r.nextInt(10)));
        case 'O' -> sb.append(r.nextInt(1000));
        default -> {}
      }
    }
    return sb.toString();
  }
}
