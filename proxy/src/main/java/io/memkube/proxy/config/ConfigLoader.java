package io.memkube.proxy.config;

import io.memkube.protocol.auth.AuthFileException;
import io.memkube.proxy.auth.ServerCredentials;
import io.memkube.proxy.configmodel.ConfigFields;
import io.memkube.proxy.configmodel.parse.ConfigException;
import io.memkube.proxy.configmodel.parse.ConfigReader;
import io.memkube.proxy.configmodel.parse.LoaderOptions;
import io.memkube.proxy.configmodel.spec.ConfigSpec;
import io.memkube.proxy.configmodel.spec.PoolSpec;
import io.memkube.proxy.configmodel.spec.ServerSpec;
import io.memkube.proxy.route.DeleteLog;
import io.memkube.proxy.route.Destination;
import io.memkube.proxy.route.RouteHandle;
import io.memkube.proxy.route.Router;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads an mcrouter JSON config into a router, or fails naming what is wrong and where: the config
 * model reads and checks it (the same code {@code --validate-config} and the operator run), then
 * the routes are built from the checked tree.
 */
public final class ConfigLoader {
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
    ConfigSpec spec = ConfigReader.read(text, source, options);
    Map<String, ServerPool> pools = new HashMap<>();
    Map<String, ServerCredentials> logins = new HashMap<>();
    for (PoolSpec p : spec.pools().values()) {
      ServerCredentials login = login(p);
      if (login != null) {
        logins.put(p.name(), login);
      }
      List<Destination> servers = new ArrayList<>(p.servers().size());
      for (ServerSpec s : p.servers()) {
        servers.add(registry.get(s.address(), s.timeoutMillis(), login, p.name()));
      }
      pools.put(p.name(), new ServerPool(p.name(), List.copyOf(servers), p.weights()));
    }
    RouteBuilder builder =
        new RouteBuilder(
            registry, logins, options.hostId(), deleteLog, options.tkoFailoverExptimeSeconds());
    Map<String, RouteHandle> byPrefix = new HashMap<>();
    spec.routes().forEach((prefix, route) -> byPrefix.put(prefix, builder.build(route)));
    Router router =
        new Router(
            byPrefix, builder.build(spec.defaultRoute()), options.sendInvalidRouteToDefault());
    return new LoadedConfig(
        router,
        Map.copyOf(pools),
        text,
        ConfigReader.md5(text),
        source,
        spec.imports(),
        spec.preprocessed());
  }

  /**
   * The login of a pool's servers: its {@code credentials_file}, or {@code
   * --pool-credentials-file}; read here, as the file is the proxy's (a check on its own does not
   * read it).
   */
  private ServerCredentials login(PoolSpec pool) throws ConfigException {
    try {
      return registry.credentials().forPool(pool.credentialsFile());
    } catch (AuthFileException e) {
      throw new ConfigException(
          pool.credentialsFile() == null
              ? pool.path()
              : pool.path() + "." + ConfigFields.CREDENTIALS_FILE,
          e.getMessage());
    }
  }
}
