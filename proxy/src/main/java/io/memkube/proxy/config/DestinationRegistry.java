package io.memkube.proxy.config;

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

  public DestinationRegistry(Function<ServerAddress, TkoTracker> trackerFactory) {
    this.trackerFactory = trackerFactory;
  }

  /** A registry whose servers never go down, for validating configs. */
  public static DestinationRegistry forValidation() {
    return new DestinationRegistry(a -> new TkoTracker(a.toString(), Integer.MAX_VALUE, t -> {}));
  }

  public Destination get(ServerAddress address, long timeoutMillis) {
    Destination d =
        destinations.computeIfAbsent(
            address, a -> new Destination(a, trackerFactory.apply(a), timeoutMillis));
    d.timeoutMillis(timeoutMillis);
    return d;
  }

  public Collection<Destination> all() {
    return destinations.values();
  }
}
