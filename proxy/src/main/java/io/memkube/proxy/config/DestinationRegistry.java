package io.memkube.proxy.config;

import io.memkube.proxy.auth.CredentialFiles;
import io.memkube.proxy.auth.ServerCredentials;
import io.memkube.proxy.configmodel.spec.ServerAddress;
import io.memkube.proxy.health.TkoTracker;
import io.memkube.proxy.route.Destination;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One {@link Destination} per server address for the life of the process, so that health state and
 * connections survive config reloads.
 */
public final class DestinationRegistry {
  private final ConcurrentHashMap<ServerAddress, Destination> destinations =
      new ConcurrentHashMap<>();
  private final Function<ServerAddress, TkoTracker> trackerFactory;
  private final CredentialFiles credentials;

  public DestinationRegistry(Function<ServerAddress, TkoTracker> trackerFactory) {
    this(trackerFactory, CredentialFiles.none());
  }

  /**
   * @param credentials the logins pools give their servers ({@code credentials_file}, {@code
   *     --pool-credentials-file})
   */
  public DestinationRegistry(
      Function<ServerAddress, TkoTracker> trackerFactory, CredentialFiles credentials) {
    this.trackerFactory = trackerFactory;
    this.credentials = credentials;
  }

  /** A registry whose servers never go down, for validating configs. */
  public static DestinationRegistry forValidation() {
    return new DestinationRegistry(
        a -> new TkoTracker(a.toString(), Integer.MAX_VALUE, t -> {}),
        CredentialFiles.forValidation());
  }

  /** The credentials files pools name, read once each. */
  public CredentialFiles credentials() {
    return credentials;
  }

  public Destination get(ServerAddress address, long timeoutMillis) {
    return get(address, timeoutMillis, null, null);
  }

  /**
   * The server at {@code address}, with the timeout and login of the pool that lists it (a server
   * listed by several pools takes the last one's, as its timeout does).
   *
   * @param login what new connections log in with, or null for none
   * @param pool the pool that gives it, for log lines
   */
  public Destination get(
      ServerAddress address, long timeoutMillis, ServerCredentials login, String pool) {
    Destination d =
        destinations.computeIfAbsent(
            address, a -> new Destination(a, trackerFactory.apply(a), timeoutMillis));
    d.timeoutMillis(timeoutMillis);
    d.credentials(login, pool);
    return d;
  }

  /** The server at {@code address} if a config ever listed it, else null. */
  public Destination find(ServerAddress address) {
    return destinations.get(address);
  }

  public Collection<Destination> all() {
    return destinations.values();
  }
}
