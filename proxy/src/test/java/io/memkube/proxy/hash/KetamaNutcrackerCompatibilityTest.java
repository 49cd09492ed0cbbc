package io.memkube.proxy.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.testing.FreePorts;
import io.memkube.proxy.testing.MemcachedProcess;
import io.memkube.proxy.testing.ProxyFixture;
import io.memkube.proxy.testing.TextClient;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys placed by twemproxy ({@code nutcracker}, {@code hash: md5, distribution: ketama}) are where
 * our ketama ring, and a proxy configured with it, look for them.
 */
class KetamaNutcrackerCompatibilityTest {
  private static final String NUTCRACKER = "/usr/sbin/nutcracker";
  private static final int KEYS = 300;

  @Test
  void placesKeysWhereNutcrackerPutsThem(@TempDir Path dir) throws Exception {
    assertTrue(
        new File(NUTCRACKER).canExecute(),
        NUTCRACKER + " is missing: install the Debian package 'nutcracker' (bin/test does)");
    List<MemcachedProcess> servers = new ArrayList<>();
    Process nutcracker = null;
    try {
      for (int i = 0; i < 3; i++) {
        servers.add(MemcachedProcess.start());
      }
      int port = FreePorts.next();
      StringBuilder yaml =
          new StringBuilder(
              "alpha:\n  listen: 127.0.0.1:"
                  + port
                  + "\n  hash: md5\n  distribution: ketama\n  auto_eject_hosts: false\n"
                  + "  servers:\n");
      for (MemcachedProcess m : servers) {
        yaml.append("   - ").append(m.address()).append(":1\n");
      }
      Path conf = dir.resolve("nutcracker.yml");
      Files.writeString(conf, yaml.toString());
      nutcracker =
          new ProcessBuilder(
                  NUTCRACKER,
                  "-c",
                  conf.toString(),
                  "-s",
                  Integer.toString(FreePorts.next()),
                  "-o",
                  dir.resolve("nutcracker.log").toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(nutcracker::destroyForcibly));
      awaitPort(port);

      try (TextClient c = new TextClient(port)) {
        for (int i = 0; i < KEYS; i++) {
          assertEquals("STORED", c.line("set kt" + i + " 0 0 1\r\nv\r\n"));
        }
      }
      List<String> names = new ArrayList<>();
      for (MemcachedProcess m : servers) {
        names.add(KetamaRing.nameOf("127.0.0.1", m.port()));
      }
      KetamaRing ring = new KetamaRing(names, new double[] {1, 1, 1});
      int[] perServer = new int[3];
      for (int i = 0; i < KEYS; i++) {
        String key = "kt" + i;
        int owner = ring.bucket(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        perServer[owner]++;
        try (TextClient d = new TextClient(servers.get(owner).port())) {
          assertTrue(d.until("get " + key + "\r\n", "END").startsWith("VALUE"), key);
        }
      }
      for (int n : perServer) {
        assertTrue(n > KEYS / 10, "every server gets keys");
      }

      // and our proxy, configured with ketama, reads every key nutcracker wrote
      String json =
          "{\"pools\": {\"A\": {\"servers\": [\"%s\", \"%s\", \"%s\"]}},"
                  .formatted(
                      servers.get(0).address(), servers.get(1).address(), servers.get(2).address())
              + " \"route\": {\"type\": \"PoolRoute\", \"pool\": \"A\","
              + " \"hash\": {\"hash\": \"md5\", \"distribution\": \"ketama\"}}}";
      try (RunningProxy proxy = ProxyFixture.start(json);
          TextClient c = new TextClient(proxy.port())) {
        for (int i = 0; i < KEYS; i++) {
          assertTrue(c.until("get kt" + i + "\r\n", "END").startsWith("VALUE"), "kt" + i);
        }
      }
    } finally {
      if (nutcracker != null) {
        nutcracker.destroyForcibly();
        nutcracker.waitFor(10, TimeUnit.SECONDS);
      }
      for (MemcachedProcess m : servers) {
        m.close();
      }
    }
  }

  private static void awaitPort(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
    throw new IOException("nutcracker did not listen on " + port);
  }
}
