package io.memkube.cacheserver.cli;

import picocli.CommandLine;

/** Sizes as memcached's {@code -I} takes them: bytes, or a number with k/m/g. */
final class SizeConverter implements CommandLine.ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    long unit = 1;
    if (v.endsWith("k")) {
      unit = 1024;
    } else if (v.endsWith("m")) {
      unit = 1024 * 1024;
    } else if (v.endsWith("g")) {
      unit = 1024L * 1024 * 1024;
    }
    if (unit != 1) {
      v = v.substring(0, v.length() - 1);
    }
    try {
      long n = Long.parseLong(v);
      if (n <= 0) {
        throw new CommandLine.TypeConversionException("size must be positive: " + value);
      }
      return Math.multiplyExact(n, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new CommandLine.TypeConversionException("not a size: " + value);
    }
  }
}
