package io.memkube.cacheserver.config;

/**
 * How memcached's option code reads numbers: C's {@code atoi} and {@code strtod} (a leading number,
 * the rest ignored, 0 when there is none) and memcached's {@code safe_strtoul} (the whole argument
 * must be a number). Flags parsed the same way take the same values here as in memcached.
 */
public final class CArgs {
  private CArgs() {}

  /** C's {@code atoi}: optional spaces and sign, then digits up to the first other character. */
  public static long atoi(String s) {
    int i = skipSpaces(s, 0);
    boolean negative = false;
    if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    long v = 0;
    for (; i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128; i++) {
      int d = s.charAt(i) - '0';
      // glibc's atoi is strtol (saturating at the long range) cut to int
      v = v > (Long.MAX_VALUE - d) / 10 ? Long.MAX_VALUE : v * 10 + d;
    }
    return (int) (negative ? -v : v);
  }

  /** C's {@code strtod} on the longest leading number; 0 when there is none. */
  public static double strtod(String s) {
    int start = skipSpaces(s, 0);
    for (int end = s.length(); end > start; end--) {
      String head = s.substring(start, end);
      if (head.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
        return Double.parseDouble(head);
      }
    }
    return 0;
  }

  /**
   * memcached's {@code safe_strtoul}: a whole unsigned decimal number, trailing spaces allowed;
   * null when the argument is not one.
   */
  public static Long safeStrtoul(String s) {
    String t = s.strip();
    if (t.startsWith("+")) {
      t = t.substring(1);
    }
    if (t.isEmpty() || !t.chars().allMatch(c -> c >= '0' && c <= '9') || t.length() > 20) {
      return null;
    }
    try {
      // strtoul's 64-bit result stored in a 32-bit unsigned, as memcached stores it
      return Long.parseUnsignedLong(t) & 0xFFFF_FFFFL;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** memcached's {@code safe_strtol}: a whole signed decimal number in the int range; else null. */
  public static Integer safeStrtol(String s) {
    String t = s.strip();
    if (!t.matches("[+-]?\\d{1,10}")) {
      return null;
    }
    long v = Long.parseLong(t);
    return v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? null : (int) v;
  }

  /** memcached's {@code safe_strtod}: a whole decimal number; else null. */
  public static Double safeStrtod(String s) {
    String t = s.strip();
    if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
      return null;
    }
    return Double.parseDouble(t);
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }
}
