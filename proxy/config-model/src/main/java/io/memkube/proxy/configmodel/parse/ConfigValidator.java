package io.memkube.proxy.configmodel.parse;

import io.memkube.proxy.configmodel.spec.ConfigSpec;
import java.util.Map;

/**
 * Checks a config exactly as the proxy reads it, without building a route: what {@code
 * memkube-proxy --validate-config} runs, and what the operator runs on the configs it is about to
 * write (this module needs Jackson, not Netty).
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
    return validate(json, options, false);
  }

  /**
   * Checks a config that must stand on its own ({@code @import} refused, no file read): what the
   * operator runs on the config it is about to write into the proxies' ConfigMap.
   */
  public static Result validateSelfContained(String json, LoaderOptions options) {
    return validate(json, options, true);
  }

  private static Result validate(String json, LoaderOptions options, boolean selfContained) {
    try {
      ConfigSpec spec =
          selfContained
              ? ConfigReader.readSelfContained(json, options)
              : ConfigReader.read(json, "", options);
      return new Result(null, spec.pools().size(), spec.servers(), ConfigReader.md5(json));
    } catch (ConfigException e) {
      return new Result(e.getMessage(), 0, 0, null);
    } catch (RuntimeException e) {
      // A reader bug must not pass a config off as valid.
      return new Result("$: could not check the config: " + e, 0, 0, null);
    }
  }

  /** With {@code --config-params} (as {@code name:value} gives them) and default other options. */
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
