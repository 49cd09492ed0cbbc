package io.memkube.proxy.configmodel.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.memkube.proxy.configmodel.ConfigFields;
import io.memkube.proxy.configmodel.jsonm.JsonmException;
import io.memkube.proxy.configmodel.jsonm.JsonmPreprocessor;
import io.memkube.proxy.configmodel.spec.ConfigSpec;
import io.memkube.proxy.configmodel.spec.RouteSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads an mcrouter JSON config the way the proxy runs it (comments, {@code %params%}, {@code
 * @import}, JSONM macros, pools, named handles, the route tree) into a {@link ConfigSpec}, or fails
 * naming what is wrong and where. Needs no network and no threads.
 */
public final class ConfigReader {
  private static final Set<String> TOP_LEVEL =
      Set.of(
          ConfigFields.POOLS, ConfigFields.NAMED_HANDLES, ConfigFields.ROUTE, ConfigFields.ROUTES);
  private static final Set<String> ROUTES_ENTRY = Set.of("aliases", "route");

  private ConfigReader() {}

  /**
   * @param source the config file ({@code @import}s are relative to its directory), or "" for
   *     inline text (relative to the working directory)
   */
  public static ConfigSpec read(String text, String source, LoaderOptions options)
      throws ConfigException {
    return read(
        text,
        source.isEmpty() || Path.of(source).getParent() == null
            ? Path.of("").toAbsolutePath()
            : Path.of(source).toAbsolutePath().getParent(),
        options);
  }

  /**
   * Reads a config that must stand on its own: an {@code @import} is refused instead of read (the
   * operator checks the config of a ConfigMap that holds one file, and reads no file of its own).
   */
  public static ConfigSpec readSelfContained(String text, LoaderOptions options)
      throws ConfigException {
    return read(text, (Path) null, options);
  }

  private static ConfigSpec read(String text, Path baseDir, LoaderOptions options)
      throws ConfigException {
    JsonNode root = ConfigText.parse(text, options.params());
    Imports imports = new Imports(options.params());
    root = imports.expand(root, baseDir, "$");
    try {
      // mcrouter runs every config through its JSONM preprocessor; --config-params are its globals
      root = JsonmPreprocessor.expandConfig(root, options.params());
    } catch (JsonmException e) {
      throw new ConfigException(e.path(), e.getMessage());
    }
    JsonFields.allowOnly(root, "$", TOP_LEVEL);
    PoolReader pools =
        new PoolReader(root.get(ConfigFields.POOLS), options.defaultServerTimeoutMillis());
    pools.readAll();
    RouteReader routes =
        new RouteReader(pools, RouteReader.namedDefinitions(root.get(ConfigFields.NAMED_HANDLES)));
    routes.readAllNamed();

    boolean hasRoute = root.has(ConfigFields.ROUTE);
    boolean hasRoutes = root.has(ConfigFields.ROUTES);
    if (hasRoute == hasRoutes) {
      throw new ConfigException("$", "exactly one of 'route' and 'routes' is required");
    }
    Map<String, RouteSpec> byPrefix = new LinkedHashMap<>();
    if (hasRoute) {
      byPrefix.put(options.routePrefix(), routes.route(root.get(ConfigFields.ROUTE), "$.route"));
    } else {
      readRoutes(root.get(ConfigFields.ROUTES), routes, byPrefix);
    }
    RouteSpec dflt = byPrefix.get(options.routePrefix());
    if (dflt == null) {
      throw new ConfigException(
          "$.routes",
          "no route for the default routing prefix '"
              + options.routePrefix()
              + "' (set --route-prefix or add it to an entry's aliases)");
    }
    return new ConfigSpec(
        Map.copyOf(pools.read()), Map.copyOf(byPrefix), dflt, imports.files(), root.toString());
  }

  private static void readRoutes(JsonNode node, RouteReader routes, Map<String, RouteSpec> byPrefix)
      throws ConfigException {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String path = "$.routes[" + i + "]";
        JsonNode entry = node.get(i);
        if (!entry.isObject()) {
          throw new ConfigException(path, "expected {\"aliases\": [...], \"route\": ...}");
        }
        JsonFields.allowOnly(entry, path, ROUTES_ENTRY);
        RouteSpec r = routes.route(JsonFields.required(entry, "route", path), path + ".route");
        for (String alias : JsonFields.strings(entry, "aliases", path)) {
          checkPrefix(alias, path + ".aliases");
          byPrefix.put(alias, r);
        }
      }
    } else if (node.isObject()) {
      var it = node.properties().iterator();
      while (it.hasNext()) {
        var e = it.next();
        String path = "$.routes." + e.getKey();
        checkPrefix(e.getKey(), path);
        byPrefix.put(e.getKey(), routes.route(e.getValue(), path));
      }
    } else {
      throw new ConfigException("$.routes", "expected an array or an object");
    }
  }

  private static void checkPrefix(String prefix, String path) throws ConfigException {
    if (!prefix.matches("/[^/]+/[^/]+/")) {
      throw new ConfigException(path, "routing prefix '" + prefix + "' is not of the form /a/b/");
    }
  }

  /** The digest {@code __mcrouter__.config_md5_digest} reports for config text. */
  public static String md5(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
