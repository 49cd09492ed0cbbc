package io.memkube.protocol.reload;

import io.memkube.protocol.logging.DataPlaneLogging;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reloads the files a process was given (certificates, keys, auth and credentials files) when their
 * content changes, without a signal ({@code --watch-files-interval}): so that a rotated Kubernetes
 * Secret reaches running pods with no restart. The kubelet updates a mounted Secret by writing a
 * new directory and swapping the {@code ..data} symlink to it, which leaves the path's own mtime
 * unchanged, so the files are compared by a digest of their content, not by time.
 *
 * <p>Each group of files reloads together (a certificate with its key and CA): a change to any of
 * them runs the group's reload once. A reload that fails (a file half written, a key that does not
 * match the new certificate yet) keeps the material in force, is counted and logged, and is tried
 * again when the content changes again; it is not retried for the same content, so a broken file
 * logs once, not at every poll.
 */
public final class WatchedFiles implements AutoCloseable {
  /** The default of {@code --watch-files-interval}, in seconds. */
  public static final int DEFAULT_INTERVAL_SECONDS = 10;

  /** Reads the files again and puts them in force, or throws and leaves the old ones. */
  @FunctionalInterface
  public interface Reload {
    /**
     * @return a few words for the log line (what is now in force), or null
     */
    String reload() throws Exception;
  }

  private final String process;
  private final Map<String, Group> groups = new ConcurrentHashMap<>();
  private final AtomicLong reloads = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private ScheduledExecutorService poller;

  /**
   * @param process the program's name for its log lines
   */
  public WatchedFiles(String process) {
    this.process = process;
  }

  /**
   * Watches {@code files} (nulls are skipped) as one group named {@code what}, from their content
   * now. A group of that name already watched is replaced.
   */
  public void watch(String what, List<String> files, Reload reload) {
    List<Path> paths = new ArrayList<>();
    for (String f : files) {
      if (f != null) {
        paths.add(Path.of(f));
      }
    }
    groups.put(what, new Group(what, List.copyOf(paths), reload, digest(paths)));
  }

  /** Polls every {@code intervalSeconds} on a daemon thread of its own; 0 or less: never. */
  public synchronized void start(long intervalSeconds) {
    if (intervalSeconds <= 0 || poller != null) {
      return;
    }
    poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, process + "-file-watch");
              t.setDaemon(true);
              return t;
            });
    poller.scheduleWithFixedDelay(this::check, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
  }

  /** Compares every group's files with their last content and reloads the changed groups. */
  public synchronized void check() {
    for (Group g : groups.values()) {
      byte[] now = digest(g.files);
      if (Arrays.equals(now, g.digest)) {
        continue;
      }
      g.digest = now; // the same content is not tried twice, whatever the outcome
      try {
        String said = g.reload.reload();
        reloads.incrementAndGet();
        DataPlaneLogging.always(
            process,
            g.what + " changed on disk: reloaded" + (said == null ? "" : " (" + said + ")"));
      } catch (Exception e) {
        failures.incrementAndGet();
        DataPlaneLogging.always(
            process,
            g.what
                + " changed on disk but cannot be used, the previous one stays in force: "
                + e.getMessage());
      }
    }
  }

  /** Reloads that took effect since start. */
  public long reloads() {
    return reloads.get();
  }

  /** Reloads refused (a file unreadable or malformed): the previous material stayed. */
  public long failures() {
    return failures.get();
  }

  /**
   * SHA-256 over every file's content in order (following symlinks, as a reader does); a file that
   * cannot be read counts as its own distinct content, so it coming back is a change.
   */
  static byte[] digest(List<Path> files) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has it
    }
    for (Path p : files) {
      try {
        byte[] content = Files.readAllBytes(p);
        md.update((byte) 1);
        md.update(Long.toString(content.length).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        md.update((byte) ':');
        md.update(content);
      } catch (NoSuchFileException e) {
        md.update((byte) 2);
      } catch (IOException e) {
        md.update((byte) 3);
      }
    }
    return md.digest();
  }

  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
  }

  private static final class Group {
    final String what;
    final List<Path> files;
    final Reload reload;
    byte[] digest;

    Group(String what, List<Path> files, Reload reload, byte[] digest) {
      this.what = what;
      this.files = files;
      this.reload = reload;
      this.digest = digest;
    }
  }
}
