package io.memkube.cacheserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.cacheserver.it.MemcachedProcess;
import io.memkube.protocol.tls.TestCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Z} with a certificate, key or CA file that cannot be used: Debian's memcached 1.6.18 and
 * memkube both refuse to start, with status 64 and the same {@code Error loading the <what>: <file>
 * : } line; what follows is OpenSSL's error code in memcached and the JDK's reason in memkube.
 */
class TlsStartupDifferentialTest {
  @TempDir static Path dir;

  @Test
  void unusableFilesStopStartUpAsInMemcached() throws Exception {
    TestCertificates c = TestCertificates.create(dir);
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "garbage\n");
    String good = "ssl_chain_cert=" + c.serverCert + ",ssl_key=" + c.serverKey;
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("no certificate", "");
    cases.put("missing certificate", "ssl_chain_cert=/nonexistent.crt,ssl_key=" + c.serverKey);
    cases.put("not a certificate", "ssl_chain_cert=" + garbage + ",ssl_key=" + c.serverKey);
    cases.put("missing key", "ssl_chain_cert=" + c.serverCert + ",ssl_key=/nonexistent.key");
    cases.put("another's key", "ssl_chain_cert=" + c.serverCert + ",ssl_key=" + c.clientKey);
    cases.put("missing CA", good + ",ssl_ca_cert=/nonexistent-ca.crt");
    for (Map.Entry<String, String> e : cases.entrySet()) {
      List<String> args = new ArrayList<>(List.of("-U", "0", "-l", "127.0.0.1", "-Z"));
      if (!e.getValue().isEmpty()) {
        args.addAll(List.of("-o", e.getValue()));
      }
      String[] m = memcached(args);
      StringWriter err = new StringWriter();
      int ours = Main.refusal(args.toArray(String[]::new), new PrintWriter(err, true));
      assertEquals(m[0], Integer.toString(ours), e.getKey() + ": exit status");
      String memcachedLine = errorLine(m[1]);
      String ourLine = errorLine(err.toString());
      String prefix = memcachedLine.substring(0, memcachedLine.indexOf(" : ") + 3);
      assertTrue(ourLine.startsWith(prefix), e.getKey() + ": " + ourLine + " vs " + memcachedLine);
    }
  }

  /** memcached's own line among OpenSSL's error queue. */
  private static String errorLine(String stderr) {
    for (String l : stderr.split("\n")) {
      if (l.startsWith("Error loading the ")) {
        return l;
      }
    }
    throw new AssertionError("no 'Error loading the' line in: " + stderr);
  }

  private static String[] memcached(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(MemcachedProcess.BINARY, "-u", "root"));
    cmd.addAll(List.of("-p", "" + MemcachedProcess.freePort()));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(5, TimeUnit.SECONDS)) {
      p.destroy();
      p.waitFor();
      throw new AssertionError("memcached started with " + args);
    }
    return new String[] {
      Integer.toString(p.exitValue()),
      new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
    };
  }
}
