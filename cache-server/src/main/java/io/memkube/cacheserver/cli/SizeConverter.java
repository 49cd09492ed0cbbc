package io.memkube.cacheserver.cli;

import io.memkube.cacheserver.config.CArgs;
import picocli.CommandLine;

/** Sizes with a k/m/g suffix, as the JVM's {@code -XX:MaxDirectMemorySize} takes them. */
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

  /**
   * memcached's {@code -I}: a last character k or m (either case) multiplies the number before it,
   * read as C's {@code atoi}; anything else is {@code atoi} of the whole, so {@code 2g} is 2 bytes.
   */
  static long leadingSize(String value) {
    if (value.isEmpty()) {
      return 0;
    }
    char unit = Character.toLowerCase(value.charAt(value.length() - 1));
    if (unit == 'k' || unit == 'm') {
      long n = CArgs.atoi(value.substring(0, value.length() - 1));
      return n * (unit == 'k' ? 1024 : 1024 * 1024);
    }
    return CArgs.atoi(value);
  }
}
