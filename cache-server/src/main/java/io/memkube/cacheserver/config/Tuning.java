package io.memkube.cacheserver.config;

import static io.memkube.cacheserver.config.BadOptionException.EXIT_FAILURE;
import static io.memkube.cacheserver.config.BadOptionException.EX_USAGE;

import io.memkube.cacheserver.tls.TlsOptions;
import java.util.Locale;

/**
 * memcached's tuning settings: its {@code -o} suboptions and the single-letter flags that tune its
 * internals ({@code -f -n -R -D -F -X -B -M}), with memcached 1.6.18's defaults, names, checks and
 * error messages. memkube honours what it has ({@code idle_timeout}, {@code -D}, {@code -F}); the
 * rest only shows in {@code stats settings}, so tools reading them see what they set.
 *
 * <p>Filled by the command line before the server starts ({@link #apply}, then {@link #check}),
 * read-only afterwards except for what {@code slabs automove} changes.
 */
public final class Tuning {
  private int idleTimeout;
  private int hashpowerInit;
  private boolean hashExpand = true;
  private String authFile;
  private String memoryFile;
  private final TlsOptions tls = new TlsOptions();
  private boolean tlsEnabled;
  private boolean maxconnsFast = true;
  private boolean slabReassign = true;
  // the slabs automove command changes these two while the server runs
  private volatile int slabAutomove = 1;
  private volatile double slabAutomoveRatio = 0.8;
  private int slabAutomoveWindow = 30;
  private double slabAutomoveFreeratio = 0.01;
  private int slabChunkMax = 512 * 1024;
  private boolean slabChunkMaxSet;
  private String slabSizesArgument;
  private int[] slabSizes;
  private int tailRepairTime;
  private String hashAlgorithm = "murmur3";
  private boolean lruCrawler = true;
  private int lruCrawlerSleep = 100;
  private long lruCrawlerTocrawl;
  private boolean lruMaintainer = true;
  private boolean lruSegmented = true;
  private int hotLruPct = 20;
  private int warmLruPct = 40;
  private double hotMaxFactor = 0.2;
  private double warmMaxFactor = 2.0;
  private boolean tempLru;
  private int temporaryTtl = 61;
  private long watcherLogbufSize = 256 * 1024;
  private long workerLogbufSize = 64 * 1024;
  private long readBufMemLimit;
  private boolean trackSizes;
  private double growthFactor = 1.25;
  private int chunkSize = 48;
  private int reqsPerEvent = 20;
  private char prefixDelimiter = ':';
  private boolean detailEnabled;
  private boolean flushEnabled = true;
  private boolean dumpEnabled = true;
  private boolean watchEnabled = true;
  private int udpPort;
  private boolean tcpListening = true;
  private boolean casEnabled = true;
  private BindingProtocol bindingProtocol = BindingProtocol.AUTO;

  /** The defaults memcached 1.6.18 starts with. */
  public static Tuning defaults() {
    return new Tuning();
  }

  /**
   * One {@code -o} suboption, {@code name} or {@code name=value}, checked as memcached checks it.
   *
   * @throws BadOptionException with memcached's message and exit status
   */
  public Tuning apply(String suboption) {
    int eq = suboption.indexOf('=');
    String name = eq < 0 ? suboption : suboption.substring(0, eq);
    String value = eq < 0 ? null : suboption.substring(eq + 1);
    switch (name) {
      case "maxconns_fast" -> maxconnsFast = true;
      case "no_maxconns_fast" -> maxconnsFast = false;
      case "hashpower" -> {
        hashpowerInit = (int) CArgs.atoi(required(value, "Missing numeric argument for hashpower"));
        if (hashpowerInit < 12) {
          throw failure("Initial hashtable multiplier of " + hashpowerInit + " is too low");
        }
        if (hashpowerInit > 63) {
          throw failure(
              "Initial hashtable multiplier of "
                  + hashpowerInit
                  + " is too high\nChoose a value based on \"STAT hash_power_level\" from a"
                  + " running instance");
        }
      }
      case "no_hashexpand" -> hashExpand = false;
      case "slab_reassign" -> slabReassign = true;
      case "no_slab_reassign" -> slabReassign = false;
      case "slab_automove" -> {
        slabAutomove = value == null ? 1 : (int) CArgs.atoi(value);
        if (slabAutomove < 0 || slabAutomove > 2) {
          throw failure("slab_automove must be between 0 and 2");
        }
      }
      case "no_slab_automove" -> slabAutomove = 0;
      case "slab_automove_ratio" -> {
        slabAutomoveRatio = CArgs.strtod(required(value, "Missing slab_automove_ratio argument"));
        if (slabAutomoveRatio <= 0 || slabAutomoveRatio >= 1) {
          throw failure("slab_automove_ratio must be > 0 and < 1");
        }
      }
      case "slab_automove_window" -> {
        slabAutomoveWindow =
            (int) CArgs.atoi(required(value, "Missing slab_automove_window argument"));
        if (slabAutomoveWindow < 3) {
          throw failure("slab_automove_window must be > 2");
        }
      }
      case "slab_automove_freeratio" -> {
        String v = required(value, "Missing slab_automove_freeratio argument");
        if (!v.strip().matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
          throw failure("could not parse argument to slab_automove_freeratio");
        }
        slabAutomoveFreeratio = Double.parseDouble(v.strip());
      }
      case "slab_chunk_max" -> {
        Long v = CArgs.safeStrtoul(required(value, "Missing slab_chunk_max argument"));
        if (v == null || v == 0) {
          throw failure("could not parse argument to slab_chunk_max");
        }
        slabChunkMax = (int) (long) v;
        slabChunkMaxSet = true;
      }
      case "slab_sizes" -> slabSizesArgument = required(value, "Missing slab_sizes argument");
      case "tail_repair_time" -> {
        tailRepairTime =
            (int) CArgs.atoi(required(value, "Missing numeric argument for tail_repair_time"));
        if (tailRepairTime < 10) {
          throw failure("Cannot set tail_repair_time to less than 10 seconds");
        }
      }
      case "hash_algorithm" -> {
        String v = required(value, "Missing hash_algorithm argument");
        if (!v.equals("jenkins") && !v.equals("murmur3") && !v.equals("xxh3")) {
          throw failure("Unknown hash_algorithm option (jenkins, murmur3, xxh3)");
        }
        hashAlgorithm = v;
      }
      case "lru_crawler" -> lruCrawler = true;
      case "no_lru_crawler" -> lruCrawler = false;
      case "lru_crawler_sleep" -> {
        lruCrawlerSleep = (int) CArgs.atoi(required(value, "Missing lru_crawler_sleep value"));
        if (lruCrawlerSleep > 1_000_000 || lruCrawlerSleep < 0) {
          throw failure("LRU crawler sleep must be between 0 and 1 second");
        }
      }
      case "lru_crawler_tocrawl" -> {
        Long v = CArgs.safeStrtoul(required(value, "Missing lru_crawler_tocrawl value"));
        if (v == null) {
          throw failure("lru_crawler_tocrawl takes a numeric 32bit value");
        }
        lruCrawlerTocrawl = v;
      }
      case "lru_maintainer" -> {
        lruMaintainer = true;
        lruSegmented = true;
      }
      case "no_lru_maintainer" -> {
        lruMaintainer = false;
        lruSegmented = false;
      }
      case "hot_lru_pct" -> {
        hotLruPct = (int) CArgs.atoi(required(value, "Missing hot_lru_pct argument"));
        if (hotLruPct < 1 || hotLruPct >= 80) {
          throw failure("hot_lru_pct must be > 1 and < 80");
        }
      }
      case "warm_lru_pct" -> {
        warmLruPct = (int) CArgs.atoi(required(value, "Missing warm_lru_pct argument"));
        if (warmLruPct < 1 || warmLruPct >= 80) {
          throw failure("warm_lru_pct must be > 1 and < 80");
        }
      }
      case "hot_max_factor" -> {
        hotMaxFactor = CArgs.strtod(required(value, "Missing hot_max_factor argument"));
        if (hotMaxFactor <= 0) {
          throw failure("hot_max_factor must be > 0");
        }
      }
      case "warm_max_factor" -> {
        warmMaxFactor = CArgs.strtod(required(value, "Missing warm_max_factor argument"));
        if (warmMaxFactor <= 0) {
          throw failure("warm_max_factor must be > 0");
        }
      }
      case "temporary_ttl" -> {
        temporaryTtl = (int) CArgs.atoi(required(value, "Missing temporary_ttl argument"));
        tempLru = true;
      }
      case "idle_timeout" ->
          idleTimeout =
              (int) CArgs.atoi(required(value, "Missing numeric argument for idle_timeout"));
      case "watcher_logbuf_size" -> watcherLogbufSize = kilobytes(name, value);
      case "worker_logbuf_size" -> workerLogbufSize = kilobytes(name, value);
      case "read_buf_mem_limit" -> {
        Long v = CArgs.safeStrtoul(required(value, "Missing read_buf_mem_limit argument"));
        if (v == null) {
          throw failure("could not parse argument to read_buf_mem_limit");
        }
        readBufMemLimit = v * 1024 * 1024;
      }
      case "track_sizes" -> trackSizes = true;
      case "modern" -> {
        // "enables options which will be default in future. currently: nothing"
      }
      case "no_modern" -> {
        slabReassign = false;
        slabAutomove = 0;
        maxconnsFast = false;
        lruSegmented = false;
        lruMaintainer = false;
        lruCrawler = false;
        hashAlgorithm = "jenkins";
        if (!slabChunkMaxSet) {
          slabChunkMax = 1024 * 1024;
        }
      }
      case "resp_obj_mem_limit" ->
          // memcached's own words on stderr, as it prints them while reading its flags
          System.err.println(
              "DEPRECATED: resp_obj_mem_limit no longer used. See read_buf_mem_limit,");
      case "inline_ascii_resp",
          "no_inline_ascii_resp",
          "no_chunked_items",
          "drop_privileges",
          "no_drop_privileges",
          "sock_cookie_id" -> {
        // memcached accepts these; they concern its own memory layout or process privileges
      }
      default -> {
        if (name.startsWith("ssl_") && tls.apply(name, value)) {
          break;
        }
        if (name.startsWith("ext_")) {
          throw new BadOptionException(
              "-o " + name + ": memkube-cache-server has no external storage (extstore)", EX_USAGE);
        }
        throw failure("Illegal suboption \"" + suboption + "\"");
      }
    }
    return this;
  }

  /**
   * The checks memcached makes once every flag is read.
   *
   * @param itemSizeMax {@code -I} in bytes
   * @param threads {@code -t}
   */
  public void check(long itemSizeMax, int threads) {
    if (hotLruPct + warmLruPct > 80) {
      throw new BadOptionException(
          "hot_lru_pct + warm_lru_pct cannot be more than 80% combined", EX_USAGE);
    }
    if (tempLru && !lruMaintainer) {
      throw new BadOptionException("temporary_ttl requires lru_maintainer to be enabled", EX_USAGE);
    }
    if (slabChunkMaxSet && itemSizeMax % slabChunkMax != 0) {
      throw new BadOptionException(
          "-I (item_size_max: "
              + itemSizeMax
              + ") must be evenly divisible by slab_chunk_max (bytes: "
              + slabChunkMax
              + ")",
          EX_USAGE);
    }
    if (slabSizesArgument != null) {
      slabSizes = parseSlabSizes(slabSizesArgument);
    }
    int lockPower = itemLockHashpower(threads);
    if (hashpowerInit != 0 && lockPower >= hashpowerInit) {
      throw failure(
          "Hash table power size ("
              + hashpowerInit
              + ") cannot be equal to or less than item lock table ("
              + lockPower
              + ")\nItem lock table grows with `-t N` (worker threadcount)\nHash table grows"
              + " with `-o hashpower=N` ");
    }
  }

  /** {@code -o slab_sizes=A-B-...}: each a class size, growing, at least 8 bytes apart. */
  private int[] parseSlabSizes(String arg) {
    int[] sizes = new int[63];
    int n = 0;
    long last = 0;
    for (String piece : arg.split("-")) {
      if (piece.isEmpty()) {
        continue; // strtok skips empty pieces
      }
      Long parsed = CArgs.safeStrtoul(piece);
      long size = parsed == null ? 0 : parsed;
      if (parsed == null || size < chunkSize || size > slabChunkMax) {
        throw new BadOptionException("slab size " + size + " is out of valid range", EX_USAGE);
      }
      if (last >= size) {
        throw new BadOptionException(
            "slab size " + size + " cannot be lower than or equal to a previous class size",
            EX_USAGE);
      }
      if (size <= last + 8) {
        throw new BadOptionException(
            "slab size " + size + " must be at least 8 bytes larger than previous class", EX_USAGE);
      }
      sizes[n++] = (int) size;
      last = size;
      if (n >= sizes.length) {
        throw new BadOptionException("too many slab classes specified", EX_USAGE);
      }
    }
    return java.util.Arrays.copyOf(sizes, n);
  }

  /** The size of memcached's item lock table, which grows with the worker threads. */
  private static int itemLockHashpower(int threads) {
    if (threads < 3) {
      return 10;
    } else if (threads < 4) {
      return 11;
    } else if (threads < 5) {
      return 12;
    } else if (threads <= 10) {
      return 13;
    } else if (threads <= 20) {
      return 14;
    }
    return 15;
  }

  /** {@code -f}: the slab classes' growth factor. */
  public Tuning growthFactor(String arg) {
    growthFactor = CArgs.strtod(arg);
    if (growthFactor <= 1.0) {
      throw failure("Factor must be greater than 1");
    }
    return this;
  }

  /** {@code -n}: the smallest slab chunk's space for key, value and flags. */
  public Tuning chunkSize(String arg) {
    chunkSize = (int) CArgs.atoi(arg);
    if (chunkSize <= 0) {
      throw failure("Chunk size must be greater than 0");
    }
    return this;
  }

  /** {@code -R}: requests one connection may run before yielding to others. */
  public Tuning reqsPerEvent(String arg) {
    reqsPerEvent = (int) CArgs.atoi(arg);
    if (reqsPerEvent <= 0) {
      throw failure("Number of requests per event must be greater than 0");
    }
    return this;
  }

  /**
   * {@code -D}: the character that ends a key's prefix in {@code stats detail}; as in memcached, it
   * also turns the collection on from the start.
   */
  public Tuning prefixDelimiter(String arg) {
    if (!arg.isEmpty()) {
      prefixDelimiter = arg.charAt(0);
    }
    detailEnabled = true;
    return this;
  }

  /** {@code -F}: {@code flush_all} is refused. */
  public Tuning disableFlush() {
    flushEnabled = false;
    return this;
  }

  /** {@code -C}: items carry no CAS (clients see 0 and a CAS compare never matches). */
  public Tuning disableCas() {
    casEnabled = false;
    return this;
  }

  /** {@code -B}: the protocol connections speak (auto-negotiated by default). */
  public Tuning bindingProtocol(BindingProtocol protocol) {
    bindingProtocol = protocol;
    return this;
  }

  /**
   * The protocol connections speak: ASCII with {@code -Y}, whatever the default said, as memcached
   * 1.6.18 forces it (its logins exist in the text protocol only, so a binary connection could
   * never log in; the command line refuses an explicit {@code -B binary} or {@code -B auto} with
   * {@code -Y}, as memcached does).
   */
  public BindingProtocol bindingProtocol() {
    return authFile != null ? BindingProtocol.ASCII : bindingProtocol;
  }

  /** {@code -Y}: clients must authenticate with an entry of this file (memcached's ASCII auth). */
  public Tuning authFile(String path) {
    authFile = path;
    return this;
  }

  /** {@code -e}: the warm restart's memory file. */
  public Tuning memoryFile(String path) {
    memoryFile = path;
    return this;
  }

  /** The {@code -e} file, or null. */
  public String memoryFile() {
    return memoryFile;
  }

  /** The {@code -Y} file, or null when clients need not authenticate. */
  public String authFile() {
    return authFile;
  }

  /** {@code -o ssl_*}: memcached's TLS options (in force with {@code -Z}). */
  public TlsOptions tls() {
    return tls;
  }

  /** {@code -Z}: every listener speaks TLS, except those {@code -l} marks {@code notls:}. */
  public Tuning enableTls() {
    tlsEnabled = true;
    return this;
  }

  public boolean tlsEnabled() {
    return tlsEnabled;
  }

  /** {@code -U}: the UDP port, 0 for none, -1 for any free one. */
  public Tuning udpPort(int port) {
    udpPort = port;
    return this;
  }

  public int udpPort() {
    return udpPort;
  }

  /** memcached's {@code -p 0}: no TCP listener at all (UDP only, or nothing). */
  public Tuning noTcpListener() {
    tcpListening = false;
    return this;
  }

  public boolean tcpListening() {
    return tcpListening;
  }

  /** {@code -W}: the {@code watch} command is refused. */
  public Tuning disableWatch() {
    watchEnabled = false;
    return this;
  }

  /** {@code -X}: memcached's key dumps are refused. */
  public Tuning disableDump() {
    dumpEnabled = false;
    return this;
  }

  private static String required(String value, String message) {
    if (value == null) {
      throw failure(message);
    }
    return value;
  }

  private static long kilobytes(String name, String value) {
    Long v = CArgs.safeStrtoul(required(value, "Missing " + name + " argument"));
    if (v == null) {
      throw failure("could not parse argument to " + name);
    }
    return v * 1024;
  }

  private static BadOptionException failure(String message) {
    return new BadOptionException(message, EXIT_FAILURE);
  }

  /** Two decimals, as memcached prints its factors and ratios. */
  public static String twoDecimals(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  public int idleTimeout() {
    return idleTimeout;
  }

  public int hashpowerInit() {
    return hashpowerInit;
  }

  public boolean hashExpand() {
    return hashExpand;
  }

  public boolean maxconnsFast() {
    return maxconnsFast;
  }

  public boolean slabReassign() {
    return slabReassign;
  }

  /** {@code slabs automove N}: 0, 1 or 2. */
  public void setSlabAutomove(int level) {
    slabAutomove = level;
  }

  /** {@code slabs automove ratio R}. */
  public void setSlabAutomoveRatio(double ratio) {
    slabAutomoveRatio = ratio;
  }

  public int slabAutomove() {
    return slabAutomove;
  }

  public double slabAutomoveRatio() {
    return slabAutomoveRatio;
  }

  public int slabAutomoveWindow() {
    return slabAutomoveWindow;
  }

  public double slabAutomoveFreeratio() {
    return slabAutomoveFreeratio;
  }

  public int slabChunkMax() {
    return slabChunkMax;
  }

  /** The class sizes {@code -o slab_sizes} gave, or null for memcached's table from -f and -n. */
  public int[] slabSizes() {
    return slabSizes == null ? null : slabSizes.clone();
  }

  public int tailRepairTime() {
    return tailRepairTime;
  }

  public String hashAlgorithm() {
    return hashAlgorithm;
  }

  public boolean lruCrawler() {
    return lruCrawler;
  }

  public int lruCrawlerSleep() {
    return lruCrawlerSleep;
  }

  public long lruCrawlerTocrawl() {
    return lruCrawlerTocrawl;
  }

  public boolean lruMaintainer() {
    return lruMaintainer;
  }

  public boolean lruSegmented() {
    return lruSegmented;
  }

  public int hotLruPct() {
    return hotLruPct;
  }

  public int warmLruPct() {
    return warmLruPct;
  }

  public double hotMaxFactor() {
    return hotMaxFactor;
  }

  public double warmMaxFactor() {
    return warmMaxFactor;
  }

  public boolean tempLru() {
    return tempLru;
  }

  public int temporaryTtl() {
    return temporaryTtl;
  }

  public long watcherLogbufSize() {
    return watcherLogbufSize;
  }

  public long workerLogbufSize() {
    return workerLogbufSize;
  }

  public long readBufMemLimit() {
    return readBufMemLimit;
  }

  public boolean trackSizes() {
    return trackSizes;
  }

  public double growthFactor() {
    return growthFactor;
  }

  public int chunkSize() {
    return chunkSize;
  }

  public int reqsPerEvent() {
    return reqsPerEvent;
  }

  public char prefixDelimiter() {
    return prefixDelimiter;
  }

  /** Whether {@code stats detail} collects from the start ({@code -D}). */
  public boolean detailEnabled() {
    return detailEnabled;
  }

  public boolean flushEnabled() {
    return flushEnabled;
  }

  public boolean casEnabled() {
    return casEnabled;
  }

  public boolean dumpEnabled() {
    return dumpEnabled;
  }

  public boolean watchEnabled() {
    return watchEnabled;
  }
}
