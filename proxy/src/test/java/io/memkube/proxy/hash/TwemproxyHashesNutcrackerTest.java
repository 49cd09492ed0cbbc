package io.memkube.proxy.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.testing.FreePorts;
import io.memkube.proxy.testing.MemcachedProcess;
import io.memkube.proxy.testing.TextClient;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every twemproxy hash function, with {@code distribution: modula} (so a wrong hash shows in two
 * keys out of three), and {@code fnv1a_64} with ketama: keys written through a real nutcracker are
 * on the server our functions name.
 */
class TwemproxyHashesNutcrackerTest {
  private static final String NUTCRACKER = "/usr/sbin/nutcracker";
  private static final int KEYS = 60;

  @Test
  void keysLandWhereNutcrackerPutsThemForEveryHash(@TempDir Path dir) throws Exception {
    assertTrue(
        new File(NUTCRACKER).canExecute(), NUTCRACKER + " is missing (bin/test installs it)");
    List<MemcachedProcess> servers = new ArrayList<>();
    List<TextClient> direct = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        servers.add(MemcachedProcess.start());
        direct.add(new TextClient(servers.get(i).port()));
      }
      List<String> names = new ArrayList<>();
      for (MemcachedProcess m : servers) {
        names.add(KetamaRing.nameOf("127.0.0.1", m.port()));
      }
      List<String> pools = new ArrayList<>();
      for (KeyHash h : KeyHash.values()) {
        pools.add(h.twemproxyName() + "/modula");
      }
      pools.add("fnv1a_64/ketama");
      pools.add("murmur/ketama");
      List<String> misplaced = new ArrayList<>();
      // one nutcracker per pool: pools of one process that share servers were seen to disagree
      for (String pool : pools) {
        String[] hd = pool.split("/");
        KeyHash h = KeyHash.named(hd[0]);
        HashFunction ours =
            hd[1].equals("modula")
                ? new ModulaHash(h, new int[] {1, 1, 1}, names)
                : new KetamaRing(names, new double[] {1, 1, 1}, h);
        String prefix = hd[0] + hd[1].charAt(0) + "-";
        int port = FreePorts.next();
        StringBuilder yaml =
            new StringBuilder("alpha:\n  listen: 127.0.0.1:" + port)
                .append("\n  hash: ")
                .append(hd[0])
                .append("\n  distribution: ")
                .append(hd[1])
                .append("\n  auto_eject_hosts: false\n  servers:\n");
        for (MemcachedProcess m : servers) {
          yaml.append("   - ").append(m.address()).append(":1\n");
        }
        Path conf = dir.resolve(hd[0] + "-" + hd[1] + ".yml");
        Files.writeString(conf, yaml.toString());
        Process nutcracker =
            new ProcessBuilder(
                    NUTCRACKER,
                    "-c",
                    conf.toString(),
                    "-s",
                    Integer.toString(FreePorts.next()),
                    "-o",
                    dir.resolve(hd[0] + "-" + hd[1] + ".log").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
          awaitPort(port);
          try (TextClient c = new TextClient(port)) {
            for (int i = 0; i < KEYS; i++) {
              assertEquals("STORED", c.line("set " + prefix + i + " 0 0 1\r\nv\r\n"), pool);
            }
          }
        } finally {
          nutcracker.destroyForcibly();
          nutcracker.waitFor(10, TimeUnit.SECONDS);
        }
        for (int i = 0; i < KEYS; i++) {
          String key = prefix + i;
          int owner = ours.bucket(key.getBytes(StandardCharsets.UTF_8));
          if (!direct.get(owner).until("get " + key + "\r\n", "END").startsWith("VALUE")) {
            misplaced.add(pool + " (" + key + " not on server " + owner + ")");
            break;
          }
        }
      }
      assertEquals(List.of(), misplaced, "pools whose keys are not where our hash puts them");
    } finally {
      for (TextClient t : direct) {
        t.close();
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
