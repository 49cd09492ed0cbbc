package io.memkube.proxy.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The accept and read loops of the tests' own text-protocol servers: each connection is served on a
 * daemon thread of its own, one request line at a time, until the client or the socket closes.
 */
public final class ConnectionThreads {
  private ConnectionThreads() {}

  /** What a server does with one request line: writes its answer (or nothing) to {@code out}. */
  @FunctionalInterface
  public interface LineHandler {
    void line(String line, OutputStream out) throws IOException, InterruptedException;
  }

  /** Accepts on {@code socket} until it is closed; every line of every connection to {@code h}. */
  public static void serveLines(ServerSocket socket, String name, LineHandler h) {
    Thread acceptor =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try {
                  Socket s = socket.accept();
                  Thread t = new Thread(() -> serve(s, h), name + "-conn");
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return;
                }
              }
            },
            name);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private static void serve(Socket s, LineHandler h) {
    try (s;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))) {
      OutputStream out = s.getOutputStream();
      String line;
      while ((line = in.readLine()) != null) {
        h.line(line, out);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // connection gone
    }
  }
}
