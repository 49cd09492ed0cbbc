package io.memkube.cacheserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.memkube.cacheserver.config.ServerSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
  private static ServerSettings parse(String... args) {
    Main m = new Main();
    new CommandLine(m).parseArgs(args);
    return m.settings();
  }

  @Test
  void memcachedFlagsMapToSettings() {
    ServerSettings s =
        parse(
            "-p",
            "11311",
            "-l",
            "127.0.0.1",
            "-m",
            "128",
            "-c",
            "10",
            "-t",
            "2",
            "-I",
            "2m",
            "-U",
            "0",
            "-vv",
            "-A");
    assertEquals(11311, s.port());
    assertEquals("127.0.0.1", s.listen());
    assertEquals(128L << 20, s.memoryLimitBytes());
    assertEquals(10, s.maxConnections());
    assertEquals(2, s.threads());
    assertEquals(2L << 20, s.itemSizeMax());
    assertEquals(2, s.verbosity());
    assertEquals(true, s.shutdownEnabled());
  }

  @Test
  void defaultsAreMemcachedDefaults() {
    ServerSettings s = parse();
    assertEquals(11211, s.port());
    assertEquals(64L << 20, s.memoryLimitBytes());
    assertEquals(1024, s.maxConnections());
    assertEquals(4, s.threads());
    assertEquals(1L << 20, s.itemSizeMax());
  }

  @Test
  void flagsMemcachedRefusesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> parse("-U", "70000"));
    assertThrows(IllegalArgumentException.class, () -> parse("-I", "512"));
    assertThrows(IllegalArgumentException.class, () -> parse("-m", "64", "-I", "64m"));
    assertThrows(IllegalArgumentException.class, () -> parse("-t", "0"));
    assertThrows(IllegalArgumentException.class, () -> parse("-m", "20000"));
    assertThrows(IllegalArgumentException.class, () -> parse("-I", "lots"));
  }

  @Test
  void aHealthPortNeedsTheTcpListenerThatDashPZeroTurnsOff() {
    assertThrows(IllegalArgumentException.class, () -> parse("-p", "0", "--health-port", "8080"));
    assertEquals(false, parse("-p", "0").tuning().tcpListening());
    assertEquals(true, parse("-U", "0").tuning().tcpListening());
  }

  @Test
  void aFlagGivenTwiceTakesItsLastValueAsMemcachedsGetoptDoes() {
    assertEquals(11299, Main.settingsFor("-p", "11298", "-p", "11299").port());
  }
}
