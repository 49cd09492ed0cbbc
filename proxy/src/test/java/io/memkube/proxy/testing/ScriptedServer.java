package io.memkube.proxy.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process server that answers {@code get KEY} with the key as value, after sleeping for keys
 * starting with "slow", and never answers at all when muted: enough to drive timeouts. Keys
 * starting with "trickle" get a 20-byte value sent a byte at a time, {@code slowMillis / 10} apart:
 * a reply that takes twice the slow time to arrive but is never silent for long. A line with a key
 * starting with "refuse" is answered with one {@code SERVER_ERROR} line, as memcached refuses a
 * whole line it cannot answer.
 */
public final class ScriptedServer implements AutoCloseable {
  private final ServerSocket socket;
  private final long slowMillis;
  private volatile boolean muted;
  public final AtomicInteger requests = new AtomicInteger();

  public ScriptedServer(long slowMillis) throws IOException {
    this.slowMillis = slowMillis;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    ConnectionThreads.serveLines(socket, "scripted-server", this::answer);
  }

  public String address() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  public void mute(boolean m) {
    muted = m;
  }

  private void answer(String line, OutputStream out) throws IOException, InterruptedException {
    requests.incrementAndGet();
    if (muted) {
      return;
    }
    if (line.startsWith("version")) {
      out.write("VERSION scripted\r\n".getBytes(StandardCharsets.US_ASCII));
    } else if (line.startsWith("get ") && line.contains(" refuse")) {
      out.write("SERVER_ERROR refused\r\n".getBytes(StandardCharsets.US_ASCII));
    } else if (line.startsWith("get ")) {
      StringBuilder reply = new StringBuilder();
      for (String key : line.substring(4).trim().split(" ")) {
        if (key.startsWith("slow")) {
          Thread.sleep(slowMillis);
        }
        if (key.startsWith("trickle")) {
          trickle(out, key);
          continue;
        }
        reply.append("VALUE ").append(key).append(" 0 ").append(key.length()).append("\r\n");
        reply.append(key).append("\r\n");
      }
      reply.append("END\r\n");
      out.write(reply.toString().getBytes(StandardCharsets.US_ASCII));
    } else {
      out.write("ERROR\r\n".getBytes(StandardCharsets.US_ASCII));
    }
  }

  private void trickle(OutputStream out, String key) throws IOException, InterruptedException {
    String value = "t".repeat(20);
    out.write(("VALUE " + key + " 0 20\r\n").getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < value.length(); i++) {
      out.write(value.charAt(i));
      out.flush();
      Thread.sleep(slowMillis / 10);
    }
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
