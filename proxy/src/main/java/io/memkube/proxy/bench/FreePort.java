package io.memkube.proxy.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Prints a free loopback port, for the benchmark script. */
public final class FreePort {
  private FreePort() {}

  public static void main(String[] args) throws IOException {
    System.out.println(next());
  }

  /** A port free on loopback now. */
  static int next() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
