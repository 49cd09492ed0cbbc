package io.memkube.e2e.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A memcached text-protocol server on loopback, just big enough for the client's tests. */
final class FakeTextServer implements AutoCloseable {

  final Map<String, String> items = new ConcurrentHashMap<>();
  volatile boolean refuseSets;
  private final ServerSocket server;

  FakeTextServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread.ofVirtual().start(() -> serve(socket));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      String line;
      while ((line = in.readLine()) != null) {
        String[] words = line.split(" ");
        String reply =
            switch (words[0]) {
              case "set" -> {
                String value = in.readLine();
                if (refuseSets) {
                  yield "SERVER_ERROR out of memory storing object\r\n";
                }
                items.put(words[1], value);
                yield "STORED\r\n";
              }
              case "get" -> {
                String value = items.get(words[1]);
                yield value == null
                    ? "END\r\n"
                    : "VALUE " + words[1] + " 0 " + value.length() + "\r\n" + value + "\r\nEND\r\n";
              }
              case "version" -> "VERSION 1.6.99\r\n";
              default -> "ERROR\r\n";
            };
        out.write(reply.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
