package io.memkube.proxy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --validate-config}, as the operator runs it on the ConfigMap it generates. */
class ValidateConfigTest {

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = new CommandLine(new ProxyMain()).execute(args);
      return new Run(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void acceptsAGoodConfigFileAndExitsZero(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("config.json");
    Files.writeString(
        f,
        """
        {"pools": {"cache": {"servers": [
            "demo-0.demo.default.svc.cluster.local:11211",
            "demo-1.demo.default.svc.cluster.local:11211"]}},
         "route": "PoolRoute|cache"}
        """);
    Run r = run("--validate-config", "--config", "file:" + f);
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("config OK: 1 pool(s), 2 server(s)"), r.out());
    assertEquals(0, run("--validate-config", "--config-file", f.toString()).exit());
  }

  @Test
  void acceptsAnOriginalClientHashRouteAndMcroutersRetainSourceIpFlag() {
    String config =
        """
        {"pools": {"A": {"servers": ["h0:11211"]}, "B": {"servers": ["h1:11211"]}},
         "route": {"type": "OriginalClientHashRoute", "children": ["PoolRoute|A", "PoolRoute|B"],
                   "offset": 1}}
        """;
    Run r = run("--validate-config", "--retain-source-ip", "--config-str", config);
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("config OK: 2 pool(s), 2 server(s)"), r.out());
  }

  @Test
  void printsThePathOfTheProblemAndExitsNonZero() {
    Run r =
        run(
            "--validate-config",
            "--config-str",
            "{\"pools\": {\"A\": {\"servers\": [\"h:1\"]}}, \"route\": {\"type\": \"PoolRoute\"}}");
    assertEquals(1, r.exit());
    assertEquals("config invalid: $.route: missing required field 'pool'\n", r.err());
  }

  @Test
  void reportsAMissingFile() {
    Run r = run("--validate-config", "--config", "file:/nonexistent/config.json");
    assertEquals(1, r.exit());
    assertTrue(r.err().startsWith("config unreadable"), r.err());
  }

  @Test
  void refusesAmbiguousConfigFlags() {
    Run r = run("--validate-config", "--config-str", "{}", "--config-file", "/x");
    assertEquals(2, r.exit());
    assertTrue(
        r.err().contains("exactly one of --config, --config-file and --config-str"), r.err());
  }

  @Test
  void substitutesConfigParamsBeforeValidating() {
    Run r =
        run(
            "--validate-config",
            "--config-params",
            "pool:A,host:127.0.0.1",
            "--config-str",
            "{\"pools\": {\"%pool%\": {\"servers\": [\"%host%:1\"]}}, \"route\": \"PoolRoute|%pool%\"}");
    assertEquals(0, r.exit(), r.err());
  }
}
