package io.memkube.cacheserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memkube.cacheserver.it.MemcachedProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flags memcached 1.6.18 refuses, given to Debian's memcached and to memkube-cache-server: the same
 * exit status and the same message (glibc's getopt lines name the program, which is all that may
 * differ).
 */
class ExitCodeDifferentialTest {
  private static final List<String> COMMON = List.of("-U", "0", "-l", "127.0.0.1");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-Q",
        "--foo",
        "-p",
        "--threads",
        "-t 0",
        "-t abc",
        "-c abc",
        "-c -1",
        "-m 0",
        "-m 1g",
        "-I 100",
        "-I abc",
        "-I 2g",
        "-I 2m -m 2",
        "-p 70000",
        "-f 0.5",
        "-f abc",
        "-n 0",
        "-R 0",
        "-B foo",
        "-o foo=1",
        "-o ,,",
        "-o idle_timeout",
        "-o hashpower",
        "-o hashpower=5",
        "-o hashpower=64",
        "-o hashpower=12",
        "-o slab_automove=9",
        "-o slab_automove_ratio",
        "-o slab_automove_ratio=1.5",
        "-o slab_automove_window=2",
        "-o tail_repair_time=5",
        "-o hash_algorithm",
        "-o hash_algorithm=md5",
        "-o lru_crawler_sleep=-1",
        "-o lru_crawler_tocrawl=abc",
        "-o hot_lru_pct=80",
        "-o hot_lru_pct=79",
        "-o warm_lru_pct=50,hot_lru_pct=40",
        "-o hot_max_factor=0",
        "-o warm_max_factor",
        "-o temporary_ttl",
        "-o no_lru_maintainer,temporary_ttl=30",
        "-o watcher_logbuf_size=abc",
        "-o read_buf_mem_limit=x",
        "-o slab_chunk_max=5",
        "-o slab_automove_freeratio=x",
        "-o slab_sizes=5",
        "-o slab_sizes=abc",
        "-o slab_sizes=200-100",
        "-o slab_sizes=100-104",
        "-o slab_sizes=100-600000",
        "-Y /nonexistent/memkube-authfile",
        "-o ssl_verify_mode=9",
        "-o ssl_min_version=7",
        "-o ssl_chain_cert",
        "-o ssl_keyformat=x",
        "-o ssl_wbuf_size=x",
        "-o ssl_foo=1",
        "-Y target/test-classes/io/memkube/cacheserver/auth/malformed-authfile",
        // memcached's ASCII logins have no binary form: -B other than ascii is refused with -Y,
        // before the -Y file (here missing) or the TLS files are read
        "-Y target/test-classes/io/memkube/cacheserver/auth/authfile -B binary",
        "-B auto -Y target/test-classes/io/memkube/cacheserver/auth/authfile",
        "-B binary -Y /nonexistent/memkube-authfile",
        "-Y target/test-classes/io/memkube/cacheserver/auth/authfile -B auto -Z -o ssl_chain_cert=/nonexistent/c",
        // nor a UDP form: -Y with -U is refused, after -B and before the -Y file is read
        "-U 11299 -Y target/test-classes/io/memkube/cacheserver/auth/authfile",
        "-U -1 -Y /nonexistent/memkube-authfile",
        "-U 11299 -B binary -Y target/test-classes/io/memkube/cacheserver/auth/authfile",
      })
  void refusedFlagsExitAndSayWhatMemcachedDoes(String flags) throws Exception {
    List<String> args = new ArrayList<>(COMMON);
    args.addAll(List.of(flags.split(" ")));
    Result memcached = memcached(args);
    assertTrue(memcached.code != RUNNING, "memcached accepts " + flags + ": not a refusal case");
    Result ours = memkube(args);
    assertTrue(ours.code != 0, "memkube-cache-server accepts " + flags);
    assertEquals(memcached.code, ours.code, "exit status for " + flags);
    assertEquals(
        memcached
            .stderr
            .replace(MemcachedProcess.BINARY + ": ", GetoptMessages.PROGRAM + ": ")
            .strip(),
        ours.stderr.strip(),
        "message for " + flags);
  }

  private static final int RUNNING = -1;

  private record Result(int code, String stderr) {}

  private static Result memcached(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(MemcachedProcess.BINARY, "-u", "root"));
    cmd.addAll(List.of("-p", "" + MemcachedProcess.freePort()));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(5, TimeUnit.SECONDS)) {
      p.destroy();
      p.waitFor();
      return new Result(RUNNING, "");
    }
    return new Result(
        p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private static Result memkube(List<String> args) {
    StringWriter err = new StringWriter();
    int code = Main.refusal(args.toArray(String[]::new), new PrintWriter(err, true));
    return new Result(code, err.toString().replace(System.lineSeparator(), "\n"));
  }
}
