package io.memkube.proxy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --num-proxies}: mcrouter's default of one event loop, and a clear error out of range. */
class NumProxiesOptionTest {
  private static final String CONFIG =
      "{\"pools\":{\"A\":{\"servers\":[\"127.0.0.1:1\"]}},\"route\":\"PoolRoute|A\"}";

  @Test
  void defaultsToOneProxyThreadAsMcrouterDoes() {
    ProxyMain m = new ProxyMain();
    new CommandLine(m).parseArgs("--config-str", CONFIG);
    assertEquals(1, m.numProxies);
  }

  @Test
  void zeroOrTooManyProxyThreadsExitTwoNamingTheFlag() {
    for (String bad : new String[] {"0", "-1", "1025"}) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintStream stderr = System.err;
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit;
      try {
        exit =
            new CommandLine(new ProxyMain()).execute("--num-proxies", bad, "--config-str", CONFIG);
      } finally {
        System.setErr(stderr);
      }
      assertEquals(2, exit, bad);
      assertEquals(
          "memkube-proxy: --num-proxies must be between 1 and 1024\n",
          err.toString(StandardCharsets.UTF_8),
          bad);
    }
  }
}
