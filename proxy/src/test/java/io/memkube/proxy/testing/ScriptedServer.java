package io.memkube.proxy.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process server that answers {@code get KEY} with the key as value, after sleeping for keys
 * starting with "slow", and never answers at all when muted: enough to drive timeouts.
 */
public final class ScriptedServer implements AutoCloseable {
  private final ServerSocket socket;
  private final Thread acceptor;
  private final long slowMillis;
  private volatile boolean muted;
  public final AtomicInteger requests = new AtomicInteger();

  public ScriptedServer(long slowMillis) throws IOException {
    this.slowMillis = slowMillis;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "scripted-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public String address() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  public void mute(boolean m) {
    muted = m;
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        Thread t = new Thread(() -> serve(s), "scripted-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))) {
      OutputStream out = s.getOutputStream();
      String line;
      while ((line = in.readLine()) != null) {
        requests.incrementAndGet();
        if (muted) {
          continue;
        }
        if (line.startsWith("version")) {
          out.write("VERSION scripted\r\n".getBytes(StandardCharsets.US_ASCII));
        } else if (line.startsWith("get ")) {
          StringBuilder reply = new StringBuilder();
          for (String key : line.substring(4).trim().split(" ")) {
            if (key.startsWith("slow")) {
              Thread.sleep(slowMillis);
            }
            reply.append("VALUE ").append(key).append(" 0 ").append(key.length()).append("\r\n");
            reply.append(key).append("\r\n");
          }
          reply.append("END\r\n");
          out.write(reply.toString().getBytes(StandardCharsets.US_ASCII));
        } else {
          out.write("ERROR\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // connection gone
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
