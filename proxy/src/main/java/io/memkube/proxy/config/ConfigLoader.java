package io.memkube.proxy.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.memkube.proxy.configmodel.ConfigFields;
import io.memkube.proxy.jsonm.JsonmException;
import io.memkube.proxy.jsonm.JsonmPreprocessor;
import io.memkube.proxy.route.DeleteLog;
import io.memkube.proxy.route.RouteHandle;
import io.memkube.proxy.route.Router;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/** Loads an mcrouter JSON config into a router, or fails naming what is wrong and where. */
public final class ConfigLoader {
  private static final Set<String> TOP_LEVEL =
      Set.of(
          ConfigFields.POOLS, ConfigFields.NAMED_HANDLES, ConfigFields.ROUTE, ConfigFields.ROUTES);
  private static final Set<String> ROUTES_ENTRY = Set.of("aliases", "route");

  private final LoaderOptions options;
  private final DestinationRegistry registry;
  private final DeleteLog deleteLog;

  public ConfigLoader(LoaderOptions options, DestinationRegistry registry) {
    this(options, registry, null);
  }

  /**
   * @param deleteLog where deletes that fail under an asynclog go (the delete spool), or null when
   *     the delete stream is off ({@code --asynclog-disable}): they are answered with their error
   */
  public ConfigLoader(LoaderOptions options, DestinationRegistry registry, DeleteLog deleteLog) {
    this.options = options;
    this.registry = registry;
    this.deleteLog = deleteLog;
  }

  public LoadedConfig load(String text, String source) throws ConfigException {
    JsonNode root = ConfigText.parse(text, options.params());
    Path baseDir =
        source.isEmpty() || Path.of(source).getParent() == null
            ? Path.of("").toAbsolutePath()
            : Path.of(source).toAbsolutePath().getParent();
    Imports imports = new Imports(options.params());
    root = imports.expand(root, baseDir, "$");
    try {
      // mcrouter runs every config through its JSONM preprocessor; --config-params are its globals
      root = JsonmPreprocessor.expandConfig(root, options.params());
    } catch (JsonmException e) {
      throw new ConfigException(e.path(), e.getMessage());
    }
    JsonFields.allowOnly(root, "$", TOP_LEVEL);
    PoolFactory pools =
        new PoolFactory(
            root.get(ConfigFields.POOLS), registry, options.defaultServerTimeoutMillis());
    pools.buildAll();
    RouteFactory routes =
        new RouteFactory(
            pools,
            RouteFactory.namedDefinitions(root.get(ConfigFields.NAMED_HANDLES)),
            options.hostId(),
            deleteLog,
            options.tkoFailoverExptimeSeconds());
    routes.buildAllNamed();

    boolean hasRoute = root.has(ConfigFields.ROUTE);
    boolean hasRoutes = root.has(ConfigFields.ROUTES);
    if (hasRoute == hasRoutes) {
      throw new ConfigException("$", "exactly one of 'route' and 'routes' is required");
    }
    Map<String, RouteHandle> byPrefix = new HashMap<>();
    if (hasRoute) {
      byPrefix.put(options.routePrefix(), routes.route(root.get(ConfigFields.ROUTE), "$.route"));
    } else {
      readRoutes(root.get(ConfigFields.ROUTES), routes, byPrefix);
    }
    RouteHandle dflt = byPrefix.get(options.routePrefix());
    if (dflt == null) {
      throw new ConfigException(
          "$.routes",
          "no route for the default routing prefix '"
              + options.routePrefix()
              + "' (set --route-prefix or add it to an entry's aliases)");
    }
    Router router = new Router(byPrefix, dflt, options.sendInvalidRouteToDefault());
    return new LoadedConfig(
        router,
        Map.copyOf(pools.built()),
        text,
        md5(text),
        source,
        imports.files(),
        root.toString());
  }

  private static void readRoutes(
      JsonNode node, RouteFactory routes, Map<String, RouteHandle> byPrefix)
      throws ConfigException {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String path = "$.routes[" + i + "]";
        JsonNode entry = node.get(i);
        if (!entry.isObject()) {
          throw new ConfigException(path, "expected {\"aliases\": [...], \"route\": ...}");
        }
        JsonFields.allowOnly(entry, path, ROUTES_ENTRY);
        RouteHandle r = routes.route(JsonFields.required(entry, "route", path), path + ".route");
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

  static String md5(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
