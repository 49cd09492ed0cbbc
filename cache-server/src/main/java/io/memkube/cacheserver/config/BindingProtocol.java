package io.memkube.cacheserver.config;

/**
 * memcached's {@code -B}: which protocol a connection speaks. With {@code auto} (the default) a
 * connection whose first byte is the binary request magic (0x80) speaks binary, any other text.
 */
public enum BindingProtocol {
  AUTO("auto", "auto-negotiate"),
  ASCII("ascii", "ascii"),
  BINARY("binary", "binary");

  private final String flag;
  private final String statsName;

  BindingProtocol(String flag, String statsName) {
    this.flag = flag;
    this.statsName = statsName;
  }

  /** {@code stats settings}' {@code binding_protocol}, as memcached names it. */
  public String statsName() {
    return statsName;
  }

  /**
   * The protocol {@code -B value} names.
   *
   * @throws BadOptionException with memcached's message and exit status for any other value
   */
  public static BindingProtocol parse(String value) {
    for (BindingProtocol p : values()) {
      if (p.flag.equals(value)) {
        return p;
      }
    }
    throw new BadOptionException(
        "Invalid value for binding protocol: "
            + value
            + "\n -- should be one of auto, binary, or ascii",
        BadOptionException.EX_USAGE);
  }
}
