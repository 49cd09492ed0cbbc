package io.memkube.cacheserver.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a real memkube-cache-server process on the test's class path. */
public final class ServerCommandLine {
  private ServerCommandLine() {}

  /**
   * This JVM's {@code java} running {@link Main} with these memcached flags; native access is
   * enabled as the image does, so Netty's epoll library loads without a warning.
   */
  public static List<String> with(String... flags) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(flags));
    return cmd;
  }
}
