package io.memkube.proxy.config;

import java.util.Map;

/**
 * Checks a config the way the proxy loads it, without network or threads: what {@code
 * --validate-config} runs, and a library entry point for tools that generate configs (this package
 * needs only Jackson, not Netty).
 */
public final class ConfigValidator {
  private ConfigValidator() {}

  /**
   * The outcome of a check.
   *
   * @param error null when valid, else {@code <JSON path>: <what is wrong>}
   * @param pools pools declared
   * @param servers servers listed, over all pools
   * @param md5 the digest {@code __mcrouter__.config_md5_digest} will report
   */
  public record Result(String error, int pools, int servers, String md5) {
    public boolean valid() {
      return error == null;
    }
  }

  /** Checks {@code json} with default options ({@code --route-prefix /././}, no params). */
  public static Result validate(String json) {
    return validate(json, LoaderOptions.defaults());
  }

  public static Result validate(String json, LoaderOptions options) {
    try {
      LoadedConfig cfg =
          new ConfigLoader(options, DestinationRegistry.forValidation()).load(json, "");
      int servers = 0;
      for (ServerPool p : cfg.pools().values()) {
        servers += p.servers().size();
      }
      return new Result(null, cfg.pools().size(), servers, cfg.md5());
    } catch (ConfigException e) {
      return new Result(e.getMessage(), 0, 0, null);
    } catch (RuntimeException e) {
      // A loader bug must not pass a config off as valid.
      return new Result("$: could not check the config: " + e, 0, 0, null);
    }
  }

  /** Convenience for callers with {@code --config-params}. */
  public static Result validate(String json, Map<String, String> params) {
    LoaderOptions d = LoaderOptions.defaults();
    return validate(
        json,
        new LoaderOptions(
            d.defaultServerTimeoutMillis(),
            d.routePrefix(),
            d.sendInvalidRouteToDefault(),
            params,
            d.hostId()));
  }
}
