package io.memkube.proxy.route;

import io.memkube.protocol.Command;
import io.memkube.protocol.metrics.LatencyHistogram;
import io.memkube.proxy.auth.ServerCredentials;
import io.memkube.proxy.configmodel.spec.ServerAddress;
import io.memkube.proxy.health.TkoTracker;
import java.util.concurrent.atomic.LongAdder;

/**
 * One server, shared by every proxy thread and every pool that lists it, and kept across config
 * reloads so that health state survives them.
 */
public final class Destination {
  private final ServerAddress address;
  private final TkoTracker health;
  private volatile long timeoutMillis;
  private final LongAdder requests = new LongAdder();
  private final LongAdder errors = new LongAdder();

  /** Requests sent, by operation (Command ordinal): /metrics and {@code stats detailed}. */
  private final LongAdder[] requestsByOp = adders(Command.values().length);

  /** Failed requests, by {@link ErrorKind}. */
  private final LongAdder[] errorsByKind = adders(ErrorKind.values().length);

  /** From the write of a request to the parse of its reply. */
  private final LatencyHistogram latency = new LatencyHistogram();

  private final LongAdder openConnections = new LongAdder();

  /** Logins this server refused ({@code server_auth_failures}). */
  private final LongAdder authFailures = new LongAdder();

  private volatile ServerCredentials credentials;
  private volatile String credentialsPool;

  /** Why a request to this server failed, as /metrics labels it. */
  public enum ErrorKind {
    /** No reply within the server timeout. */
    TIMEOUT,
    /** Could not connect, or the connection closed with the request outstanding. */
    CONNECT_ERROR,
    /** The server answered {@code SERVER_ERROR} (or another error line). */
    REMOTE_ERROR,
    /** Not sent: the server was down (TKO), so the proxy answered at once. */
    TKO
  }

  public Destination(ServerAddress address, TkoTracker health, long timeoutMillis) {
    this.address = address;
    this.health = health;
    this.timeoutMillis = timeoutMillis;
  }

  public ServerAddress address() {
    return address;
  }

  public TkoTracker health() {
    return health;
  }

  public long timeoutMillis() {
    return timeoutMillis;
  }

  /** A reload may change a pool's server_timeout; in-flight requests keep theirs. */
  public void timeoutMillis(long millis) {
    this.timeoutMillis = millis;
  }

  /** What new connections log in with (the pool's {@code credentials_file}), or null. */
  public ServerCredentials credentials() {
    return credentials;
  }

  /** The pool whose credentials those are, for log lines. */
  public String credentialsPool() {
    return credentialsPool;
  }

  /** A reload may change them; open connections stay logged in as they are. */
  public void credentials(ServerCredentials c, String pool) {
    this.credentials = c;
    this.credentialsPool = pool;
  }

  /** The server refused the proxy's login. */
  public void countAuthFailure() {
    authFailures.increment();
  }

  /** Logins this server refused since start. */
  public long authFailures() {
    return authFailures.sum();
  }

  public void countRequest(Command op) {
    requests.increment();
    requestsByOp[op.ordinal()].increment();
  }

  public void countError(ErrorKind kind) {
    errors.increment();
    errorsByKind[kind.ordinal()].increment();
  }

  /** A reply came {@code nanos} after its request was written. */
  public void recordLatency(long nanos) {
    latency.record(nanos);
  }

  public LatencyHistogram latency() {
    return latency;
  }

  public long requests(Command op) {
    return requestsByOp[op.ordinal()].sum();
  }

  public long errors(ErrorKind kind) {
    return errorsByKind[kind.ordinal()].sum();
  }

  /** A connection to this server opened ({@code +1}) or closed ({@code -1}). */
  public void connectionsChanged(int delta) {
    openConnections.add(delta);
  }

  /** Connections open to this server now, over every proxy thread. */
  public long openConnections() {
    return openConnections.sum();
  }

  private static LongAdder[] adders(int n) {
    LongAdder[] a = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  public long requests() {
    return requests.sum();
  }

  public long errors() {
    return errors.sum();
  }

  @Override
  public String toString() {
    return address.toString();
  }
}
