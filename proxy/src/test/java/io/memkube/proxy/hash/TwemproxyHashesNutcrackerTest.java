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
        StringBuilder serverLines = new StringBuilder();
        for (MemcachedProcess m : servers) {
          serverLines.append("   - ").append(m.address()).append(":1\n");
        }
        String body =
            "\n  hash: "
                + hd[0]
                + "\n  distribution: "
                + hd[1]
                + "\n  auto_eject_hosts: false\n  servers:\n"
                + serverLines;
        Path conf = dir.resolve(hd[0] + "-" + hd[1] + ".yml");
        Path log = dir.resolve(hd[0] + "-" + hd[1] + ".log");
        int port = 0;
        Process nutcracker = null;
        // a port found free can be taken by another build on this machine before nutcracker binds
        // it: try again with other ports
        for (int attempt = 0; attempt < 3 && nutcracker == null; attempt++) {
          port = FreePorts.next();
          Files.writeString(conf, "alpha:\n  listen: 127.0.0.1:" + port + body);
          Process p =
              new ProcessBuilder(
                      NUTCRACKER,
                      "-c",
                      conf.toString(),
                      "-s",
                      Integer.toString(FreePorts.next()),
                      "-o",
                      log.toString())
                  .redirectErrorStream(true)
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                  .start();
          if (listens(p, port)) {
            nutcracker = p;
          } else {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          }
        }
        assertTrue(nutcracker != null, "nutcracker did not start: " + Files.readString(log));
        try {
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

  private static boolean listens(Process nutcracker, int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline && nutcracker.isAlive()) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return true;
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
    return false;
  }
}
