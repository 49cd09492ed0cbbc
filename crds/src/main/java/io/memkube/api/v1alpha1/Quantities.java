package io.memkube.api.v1alpha1;

import java.math.BigInteger;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The byte quantities the API accepts: a whole number of bytes with an optional binary suffix. A
 * narrower grammar than Kubernetes' quantities on purpose: memcached sizes are whole mebibytes or
 * kibibytes, and a fraction such as {@code 1.5Gi} would have to be rounded silently.
 */
public final class Quantities {

  /** Pattern of {@code spec.memory} and {@code spec.maxItemSize} in the schema. */
  public static final String PATTERN = "^[1-9][0-9]{0,15}(Ki|Mi|Gi|Ti)?$";

  private static final java.util.regex.Pattern COMPILED = java.util.regex.Pattern.compile(PATTERN);
  private static final Map<String, Integer> SHIFTS = Map.of("Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40);

  private Quantities() {}

  /**
   * Bytes of a quantity in this API's grammar.
   *
   * @throws IllegalArgumentException naming {@code field} when the value does not match
   */
  public static long bytes(String field, String value) {
    Matcher m = value == null ? null : COMPILED.matcher(value);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          field
              + " must be a whole number of bytes with an optional Ki/Mi/Gi/Ti suffix, got '"
              + value
              + "'");
    }
    String suffix = m.group(1);
    String digits = suffix == null ? value : value.substring(0, value.length() - 2);
    BigInteger bytes = new BigInteger(digits).shiftLeft(suffix == null ? 0 : SHIFTS.get(suffix));
    if (bytes.bitLength() > 62) {
      throw new IllegalArgumentException(field + " is too large: '" + value + "'");
    }
    return bytes.longValueExact();
  }
}
