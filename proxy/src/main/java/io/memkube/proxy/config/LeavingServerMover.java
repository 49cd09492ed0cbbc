package io.memkube.proxy.config;

import io.memkube.protocol.auth.AuthFile;
import io.memkube.proxy.configmodel.spec.ServerAddress;
import io.memkube.proxy.pool.ServerDialer;
import io.memkube.proxy.route.Destination;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Moves the keys of servers that lose their place in a pool while the ring change warms up: it
 * lists each such server's keys ({@code mk_scan}, memkube's cache server) and asks this proxy for
 * them through its own port, so the warm-up route reads each from its previous owner and fills its
 * new owner with the time it has left. A key nobody asks for during the warm-up would otherwise be
 * lost when the server goes (scale-down), or stay behind on a stand-in (a server restarted while
 * another stood in for it, see the operator's roll). Nothing happens for a server that does not
 * know {@code mk_scan} (memcached answers {@code ERROR}).
 *
 * <p>A server that only gains keys (one appended to a Ch3 pool) needs nothing: its keys' previous
 * owners stay, and the warm-up reads them on demand.
 *
 * <p>Every proxy moves the keys (each fill is an {@code add}, so the copies do not conflict): the
 * leaving servers are read once per proxy.
 */
public final class LeavingServerMover implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LeavingServerMover.class.getName());
  private static final int SCAN_PAGE = 1000;
  private static final int KEYS_PER_GET = 100;
  private static final int TIMEOUT_MILLIS = 10_000;

  private final Supplier<InetSocketAddress> self;
  private final ServerDialer servers;
  private final Supplier<AuthFile.Login> selfLogin;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "memkube-proxy-key-mover");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param self where this proxy listens (its gets go through the warm-up route)
   */
  public LeavingServerMover(Supplier<InetSocketAddress> self) {
    this(self, ServerDialer.plain(), () -> null);
  }

  /**
   * @param self where this proxy listens (its gets go through the warm-up route)
   * @param servers how the scans connect to servers (TLS, the pools' logins)
   * @param selfLogin what the mover logs in to its own proxy with ({@code --auth-file}'s first
   *     entry), or null
   */
  public LeavingServerMover(
      Supplier<InetSocketAddress> self, ServerDialer servers, Supplier<AuthFile.Login> selfLogin) {
    this.self = self;
    this.servers = servers;
    this.selfLogin = selfLogin;
  }

  /**
   * The servers of {@code previous} that lose a place in a pool of {@code next}: a place past the
   * end of the new list, or taken by another server (a pool hashes to places, so the keys of that
   * place move).
   */
  static Set<ServerAddress> leaving(LoadedConfig previous, LoadedConfig next) {
    Set<ServerAddress> losing = new LinkedHashSet<>();
    previous
        .pools()
        .forEach(
            (name, pool) -> {
              ServerPool now = next.pools().get(name);
              List<Destination> after = now == null ? List.of() : now.servers();
              List<Destination> before = pool.servers();
              for (int i = 0; i < before.size(); i++) {
                ServerAddress a = before.get(i).address();
                if (i >= after.size() || !after.get(i).address().equals(a)) {
                  losing.add(a);
                }
              }
            });
    return losing;
  }

  /**
   * The servers that take a place in a pool of {@code next} they did not hold in {@code previous}
   * (not an appended place: a new server has not failed yet) and that this proxy has marked down.
   */
  static List<String> gainingButDown(LoadedConfig previous, LoadedConfig next) {
    List<String> down = new ArrayList<>();
    next.pools()
        .forEach(
            (name, pool) -> {
              ServerPool was = previous.pools().get(name);
              List<Destination> before = was == null ? List.of() : was.servers();
              List<Destination> after = pool.servers();
              for (int i = 0; i < after.size(); i++) {
                Destination d = after.get(i);
                boolean gains = i >= before.size() || !before.get(i).address().equals(d.address());
                if (gains && d.health().isTko() && !down.contains(d.address().toString())) {
                  down.add(d.address().toString());
                }
              }
            });
    return down;
  }

  /**
   * The ring changed from {@code previous} to {@code next}, now warming up from it; {@code done}
   * runs once the keys have been moved (at once when none has to).
   */
  public void ringChanged(LoadedConfig previous, LoadedConfig next, Runnable done) {
    Set<ServerAddress> losing = leaving(previous, next);
    if (losing.isEmpty()) {
      done.run();
      return;
    }
    worker.execute(
        () -> {
          losing.forEach(this::move);
          done.run();
        });
  }

  private void move(ServerAddress server) {
    long start = System.nanoTime();
    long moved = 0;
    try (Socket source = servers.open(server, TIMEOUT_MILLIS);
        Socket proxy = connectToSelf()) {
      TextLines from = new TextLines(source);
      TextLines via = new TextLines(proxy);
      String cursor = "0";
      do {
        from.send("mk_scan " + cursor + " " + SCAN_PAGE + "\r\n");
        List<String> keys = new ArrayList<>();
        String line;
        while ((line = from.line()).startsWith("KEY ")) {
          keys.add(line.substring(4, line.indexOf(' ', 4)));
        }
        if (!line.startsWith("SCAN ")) {
          String answer = line;
          LOG.info(() -> server + " cannot list its keys (" + answer + "): they are not moved");
          return;
        }
        cursor = line.substring(5);
        for (int i = 0; i < keys.size(); i += KEYS_PER_GET) {
          via.send(
              "get "
                  + String.join(" ", keys.subList(i, Math.min(keys.size(), i + KEYS_PER_GET)))
                  + "\r\n");
          via.skipGetReply();
        }
        moved += keys.size();
      } while (!cursor.equals("0") && !Thread.currentThread().isInterrupted());
      long count = moved;
      LOG.info(
          () ->
              "asked for the "
                  + count
                  + " keys of "
                  + server
                  + ", which left the ring, in "
                  + (System.nanoTime() - start) / 1_000_000
                  + " ms: the warm-up moved them to their new owners");
    } catch (IOException e) {
      long count = moved;
      LOG.warning(() -> "moving the keys of " + server + " stopped after " + count + " keys: " + e);
    }
  }

  /** This proxy's own plaintext port, logged in when it has {@code --auth-file}. */
  private Socket connectToSelf() throws IOException {
    InetSocketAddress address = self.get();
    InetSocketAddress target =
        address.getAddress() != null && address.getAddress().isAnyLocalAddress()
            ? new InetSocketAddress("127.0.0.1", address.getPort())
            : address;
    Socket s = new Socket();
    s.connect(target, TIMEOUT_MILLIS);
    s.setSoTimeout(TIMEOUT_MILLIS);
    s.setTcpNoDelay(true);
    AuthFile.Login login = selfLogin.get();
    if (login != null) {
      s.getOutputStream().write(ServerDialer.loginRequest(login));
      String answer = new TextLines(s).line();
      if (!answer.equals("STORED")) {
        s.close();
        throw new IOException("this proxy refused the mover's login: " + answer);
      }
    }
    return s;
  }

  /** A blocking text-protocol connection, enough for scans and gets. */
  private static final class TextLines {
    private final InputStream in;
    private final OutputStream out;

    TextLines(Socket s) throws IOException {
      this.in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
      this.out = s.getOutputStream();
    }

    void send(String command) throws IOException {
      out.write(command.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    String line() throws IOException {
      StringBuilder sb = new StringBuilder();
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new IOException("connection closed");
        }
        if (c != '\r') {
          sb.append((char) c);
        }
      }
      return sb.toString();
    }

    /** Reads a get's reply up to its END, skipping the values. */
    void skipGetReply() throws IOException {
      String line;
      while (!(line = line()).equals("END")) {
        if (!line.startsWith("VALUE ")) {
          throw new IOException("unexpected reply to a get: " + line);
        }
        long length = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
        in.skipNBytes(length + 2);
      }
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
