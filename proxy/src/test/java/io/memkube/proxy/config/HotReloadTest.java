package io.memkube.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.proxy.RunningProxy;
import io.memkube.proxy.testing.MemcachedProcess;
import io.memkube.proxy.testing.ProxyFixture;
import io.memkube.proxy.testing.TextClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ConfigMap-style symlink swap is picked up under load without losing a request. */
class HotReloadTest {

  /** Lays out a new version the way the kubelet does: a new dir, then ..data swapped to it. */
  private static void publish(Path dir, String version, String json) throws Exception {
    Path versionDir = dir.resolve("..v" + version);
    Files.createDirectories(versionDir);
    Files.writeString(versionDir.resolve("config.json"), json);
    Path tmpLink = dir.resolve("..data_tmp");
    Files.deleteIfExists(tmpLink);
    Files.createSymbolicLink(tmpLink, versionDir.getFileName());
    Files.move(tmpLink, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    if (!Files.exists(dir.resolve("config.json"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(dir.resolve("config.json"), Path.of("..data/config.json"));
    }
  }

  @Test
  void reloadsUnderLoadLosingNoRequestAndRejectsABadConfig(@TempDir Path dir) throws Exception {
    try (MemcachedProcess m1 = MemcachedProcess.start();
        MemcachedProcess m2 = MemcachedProcess.start()) {
      String v1 =
          "{\"pools\": {\"A\": {\"servers\": [\"%s\", \"%s\"]}}, \"route\": \"PoolRoute|A\"}"
              .formatted(m1.address(), m2.address());
      String v2 =
          ("{\"pools\": {\"A\": {\"servers\": [\"%s\", \"%s\"]}, \"B\": {\"servers\": [\"%s\"]}},"
                  + " \"route\": {\"type\": \"FailoverRoute\","
                  + " \"children\": [\"PoolRoute|A\", \"PoolRoute|B\"]}}")
              .formatted(m1.address(), m2.address(), m1.address());
      publish(dir, "1", v1);
      try (RunningProxy proxy = ProxyFixture.startWatching(dir.resolve("config.json"))) {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong ok = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
          int id = w;
          Thread t =
              new Thread(
                  () -> {
                    try (TextClient c = new TextClient(proxy.port())) {
                      for (int i = 0; !stop.get() && i < 1_000_000; i++) {
                        String key = "r" + id + "_" + (i % 500);
                        String value = Integer.toString(i);
                        String set =
                            c.line(
                                "set " + key + " 0 0 " + value.length() + "\r\n" + value + "\r\n");
                        String get = c.until("get " + key + "\r\n", "END");
                        String want =
                            "VALUE "
                                + key
                                + " 0 "
                                + value.length()
                                + "\r\n"
                                + value
                                + "\r\nEND\r\n";
                        if (!set.equals("STORED") || !get.equals(want)) {
                          failure.compareAndSet(null, key + ": " + set + " / " + get);
                          return;
                        }
                        ok.incrementAndGet();
                      }
                    } catch (Exception e) {
                      failure.compareAndSet(null, e.toString());
                    }
                  });
          t.start();
          workers.add(t);
        }
        waitUntil(() -> ok.get() > 500);
        String md5v1 = proxy.state().config().md5();

        publish(dir, "2", v2);
        waitUntil(() -> !proxy.state().config().md5().equals(md5v1));
        long afterGood = ok.get();

        publish(dir, "3", "{\"pools\": {}, \"route\": \"PoolRoute|Missing\"}");
        waitUntil(() -> proxy.state().stats().configReloadFailures.sum() == 1);
        String error = proxy.state().stats().lastConfigError;
        assertTrue(error.contains("no pool named 'Missing'"), error);

        waitUntil(() -> ok.get() > afterGood + 500);
        stop.set(true);
        for (Thread t : workers) {
          t.join(10_000);
        }
        assertEquals(null, failure.get());
        assertEquals(
            io.memkube.proxy.configmodel.parse.ConfigReader.md5(v2), proxy.state().config().md5());
        assertEquals(1, proxy.state().stats().configReloads.sum());
        try (TextClient c = new TextClient(proxy.port())) {
          String stats = c.until("stats\r\n", "END");
          assertTrue(stats.contains("STAT config_failures 1"), stats);
        }
      }
    }
  }

  interface Check {
    boolean ok();
  }

  private static void waitUntil(Check check) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      Thread.sleep(20);
    }
  }
}
