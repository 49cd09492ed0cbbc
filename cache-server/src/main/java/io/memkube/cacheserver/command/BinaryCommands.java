package io.memkube.cacheserver.command;

import io.memkube.cacheserver.config.ServerSettings;
import io.memkube.cacheserver.stats.PrefixStats;
import io.memkube.cacheserver.stats.ServerStats;
import io.memkube.cacheserver.stats.SlabCounters.Counter;
import io.memkube.cacheserver.stats.StatsReport;
import io.memkube.cacheserver.storage.Arithmetic;
import io.memkube.cacheserver.storage.Cache;
import io.memkube.cacheserver.storage.CacheHandle;
import io.memkube.cacheserver.storage.StoreMode;
import io.memkube.cacheserver.storage.StoreResult;
import io.memkube.protocol.binary.BinaryOpcode;
import io.memkube.protocol.binary.BinaryRequest;
import io.memkube.protocol.binary.BinaryResponse;
import io.memkube.protocol.binary.BinaryStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Executes binary-protocol requests as memcached 1.6.18 does, on the same cache operations and
 * counters as the text and meta commands ({@link CommandProcessor}, {@link MetaCommands}). One per
 * binary connection, on its event loop.
 *
 * <p>memcached's rules kept here: a request whose extras, key or body lengths do not fit its
 * command gets invalid arguments and the connection closes; an unknown opcode (SASL's included, as
 * memcached without {@code -S}) gets unknown command and the connection goes on; quiet opcodes
 * leave out misses (the get family) or successes (the rest), never errors; responses echo the
 * request's opcode and opaque, and carry the item's CAS where memcached sends one.
 */
public final class BinaryCommands {
  private final ConnectionContext ctx;

  BinaryCommands(ConnectionContext ctx) {
    this.ctx = ctx;
  }

  /** Per connection, with its own cache handle, like {@link CommandProcessor}. */
  public static BinaryCommands create(
      Cache cache, ServerStats stats, ServerSettings settings, ConnectionRegistry connections) {
    return new BinaryCommands(
        new ConnectionContext(cache, stats, settings, connections, CertificateRefresh.none()));
  }

  /** The request being executed, its command, and where its responses go. */
  private BinaryRequest req;

  private BinaryOpcode op;
  private ByteBufAllocator alloc;
  private Consumer<BinaryResponse> out;

  /**
   * Executes {@code r} and hands its responses (none, one, or several for stats) to {@code sink}.
   *
   * @return whether the connection goes on or closes once the responses are written
   */
  public Outcome execute(
      BinaryRequest r, ByteBufAllocator allocator, Consumer<BinaryResponse> sink) {
    this.req = r;
    this.alloc = allocator;
    this.out = sink;
    this.op = BinaryOpcode.of(r.opcode());
    try {
      return switch (r.framing()) {
        case BAD_MAGIC -> Outcome.CLOSE;
        case BAD_LENGTHS -> fail(BinaryStatus.UNKNOWN_COMMAND);
        case KEY_TOO_LONG -> fail(BinaryStatus.INVALID_ARGUMENTS);
        case VALUE_TOO_LARGE -> tooLarge();
        case COMPLETE -> op == null ? unknown() : dispatch();
      };
    } finally {
      ctx.flushLookupCounters();
      this.req = null;
      this.out = null;
    }
  }

  private Outcome dispatch() {
    BinaryOpcode c = op.command();
    if (!shapeFits(c)) {
      return fail(BinaryStatus.INVALID_ARGUMENTS);
    }
    switch (c) {
      case GET, GETK -> retrieve(false, false);
      case TOUCH -> retrieve(true, false);
      case GAT, GATK -> retrieve(true, true);
      case SET -> store(StoreMode.SET);
      case ADD -> store(StoreMode.ADD);
      case REPLACE -> store(StoreMode.REPLACE);
      case APPEND -> store(StoreMode.APPEND);
      case PREPEND -> store(StoreMode.PREPEND);
      case DELETE -> delete();
      case INCREMENT -> arithmetic(true);
      case DECREMENT -> arithmetic(false);
      case FLUSH -> flush();
      case STAT -> stats();
      case VERBOSITY -> {
        long level = req.content().getUnsignedInt(req.extrasStart());
        ctx.stats.verbosity = (int) Math.min(2, level);
        success(0, 0, 0, Unpooled.EMPTY_BUFFER);
      }
      case VERSION ->
          success(
              0,
              0,
              0,
              Unpooled.wrappedBuffer(ServerSettings.VERSION.getBytes(StandardCharsets.US_ASCII)));
      case NOOP -> success(0, 0, 0, Unpooled.EMPTY_BUFFER);
      case QUIT -> {
        success(0, 0, 0, Unpooled.EMPTY_BUFFER);
        return Outcome.CLOSE;
      }
      default -> throw new IllegalStateException("no binary command for " + c);
    }
    return Outcome.CONTINUE;
  }

  /** memcached's checks of extras, key and body lengths per command (dispatch_bin_command). */
  private boolean shapeFits(BinaryOpcode c) {
    int ext = req.extrasLength();
    int key = req.keyLength();
    long body = req.bodyLength();
    return switch (c) {
      case GET, GETK, DELETE -> ext == 0 && key > 0 && body == key;
      case SET, ADD, REPLACE -> ext == 8 && key > 0 && body >= key + 8;
      case APPEND, PREPEND -> ext == 0 && key > 0;
      case INCREMENT, DECREMENT -> ext == 20 && key > 0 && body == key + 20;
      case TOUCH, GAT, GATK -> ext == 4 && key > 0 && body == key + 4;
      case FLUSH -> (ext == 0 || ext == 4) && key == 0 && body == ext;
      case STAT -> ext == 0 && body == key;
      case VERBOSITY -> ext == 4 && key == 0 && body == 4;
      default -> ext == 0 && key == 0 && body == 0; // QUIT, NOOP, VERSION
    };
  }

  /** Answers with memcached's error text, and closes where memcached does. */
  private Outcome fail(BinaryStatus status) {
    out.accept(BinaryResponse.error(req.opcode(), status, req.opaque()));
    return Outcome.CLOSE;
  }

  private Outcome unknown() {
    out.accept(BinaryResponse.error(req.opcode(), BinaryStatus.UNKNOWN_COMMAND, req.opaque()));
    return Outcome.CONTINUE;
  }

  private void error(BinaryStatus status) {
    out.accept(BinaryResponse.error(req.opcode(), status, req.opaque()));
  }

  /** A success, unless the opcode is a quiet one other than the get family's. */
  private void success(long cas, int extras, int keyLength, ByteBuf body) {
    if (op.quiet() && !isGetFamily(op.command())) {
      body.release();
      return;
    }
    out.accept(
        new BinaryResponse(
            req.opcode(), BinaryStatus.SUCCESS, req.opaque(), cas, extras, keyLength, body));
  }

  private static boolean isGetFamily(BinaryOpcode c) {
    return c == BinaryOpcode.GET
        || c == BinaryOpcode.GETK
        || c == BinaryOpcode.GAT
        || c == BinaryOpcode.GATK;
  }

  /**
   * The value would make an item over the size limit (the decoder discarded it): a storage command
   * gets too large (a set also drops the old value, as memcached does, so no stale data stays), any
   * other known command has lengths that do not fit it.
   */
  private Outcome tooLarge() {
    if (op == null) {
      return unknown();
    }
    BinaryOpcode c = op.command();
    boolean storage =
        switch (c) {
          case SET, ADD, REPLACE, APPEND, PREPEND -> true;
          default -> false;
        };
    if (!storage || !shapeFits(c)) {
      return fail(BinaryStatus.INVALID_ARGUMENTS);
    }
    ctx.stats.storeTooLarge.increment();
    if (ctx.stats.prefixes.enabled()) {
      ctx.stats.prefixes.recordSet(req.content(), req.keyStart(), req.keyLength());
    }
    if (c == BinaryOpcode.SET) {
      CacheHandle h = ctx.handle;
      try {
        if (h.lock(req.content(), req.keyStart(), req.keyLength())) {
          h.unlink();
        }
      } finally {
        h.release();
      }
    }
    error(BinaryStatus.TOO_LARGE);
    return Outcome.CONTINUE;
  }

  /** An exptime from the extras: unsigned 32 bits, through memcached's realtime(). */
  private int exptimeAt(int index) {
    return ctx.cache.clock().realtime(req.content().getUnsignedInt(index));
  }

  private void retrieve(boolean touch, boolean withValue) {
    BinaryOpcode c = op.command();
    withValue |= c == BinaryOpcode.GET || c == BinaryOpcode.GETK;
    boolean withKey = c == BinaryOpcode.GETK || c == BinaryOpcode.GATK;
    ByteBuf key = req.content();
    int ks = req.keyStart();
    int kl = req.keyLength();
    ServerStats st = ctx.stats;
    CacheHandle h = ctx.handle;
    st.cmdGet.increment();
    if (touch) {
      st.cmdTouch.increment();
    }
    ByteBuf body = null;
    long cas = 0;
    try {
      boolean hit = h.lock(key, ks, kl);
      PrefixStats prefixes = st.prefixes.enabled() ? st.prefixes : null;
      if (prefixes != null) {
        prefixes.recordGet(key, ks, kl, hit);
      }
      if (hit) {
        h.bump();
        if (touch) {
          h.setExptime(exptimeAt(req.extrasStart()));
          ctx.countHit(Counter.TOUCH_HITS, h);
        } else {
          ctx.countHit(Counter.GET_HITS, h);
        }
        int valueLength = withValue ? h.valueLength() : 0;
        body = alloc.ioBuffer(4 + (withKey ? kl : 0) + valueLength);
        body.writeInt((int) h.flags());
        if (withKey) {
          body.writeBytes(key, ks, kl);
        }
        if (withValue) {
          h.writeValue(body);
        }
        cas = h.cas();
      } else if (touch) {
        st.touchMisses.increment();
      } else {
        st.getMisses.increment();
      }
    } finally {
      h.release();
    }
    if (body != null) {
      success(cas, 4, withKey ? kl : 0, body);
    } else if (!op.quiet()) {
      if (withKey) {
        // memcached answers a keyed miss with the key and no text
        ByteBuf k = alloc.ioBuffer(kl).writeBytes(key, ks, kl);
        out.accept(
            new BinaryResponse(
                req.opcode(), BinaryStatus.KEY_NOT_FOUND, req.opaque(), 0, 0, kl, k));
      } else {
        error(BinaryStatus.KEY_NOT_FOUND);
      }
    }
  }

  private void store(StoreMode requested) {
    ByteBuf b = req.content();
    int ks = req.keyStart();
    int kl = req.keyLength();
    boolean concatenation = requested == StoreMode.APPEND || requested == StoreMode.PREPEND;
    long flags = concatenation ? 0 : b.getUnsignedInt(req.extrasStart());
    int exptime = concatenation ? 0 : exptimeAt(req.extrasStart() + 4);
    int valueLength = (int) req.valueLength();
    // memcached turns set/add/replace with a CAS into a compare-and-swap
    StoreMode mode = !concatenation && req.cas() != 0 ? StoreMode.CAS : requested;
    ctx.countSet(kl, flags, valueLength);
    if (ctx.stats.prefixes.enabled()) {
      ctx.stats.prefixes.recordSet(b, ks, kl);
    }
    CacheHandle h = ctx.handle;
    StoreResult r;
    try {
      h.lockForStore(b, ks, kl);
      r =
          ctx.storer.store(
              h, mode, flags, exptime, b, req.valueStart(), valueLength, req.cas(), false, false);
      if (r == StoreResult.NO_MEMORY && mode == StoreMode.SET && h.lookup()) {
        h.unlink();
      }
    } finally {
      h.release();
    }
    switch (r) {
      case STORED ->
          success(ctx.cache.casEnabled() ? ctx.storer.storedCas : 0, 0, 0, Unpooled.EMPTY_BUFFER);
      case EXISTS -> error(BinaryStatus.KEY_EXISTS);
      case NOT_FOUND -> error(BinaryStatus.KEY_NOT_FOUND);
      case TOO_LARGE -> {
        ctx.stats.storeTooLarge.increment();
        error(BinaryStatus.TOO_LARGE);
      }
      case NO_MEMORY -> {
        ctx.stats.storeNoMemory.increment();
        error(BinaryStatus.OUT_OF_MEMORY);
      }
      case NOT_STORED ->
          // memcached reports a failed add as "exists" and a failed replace as "not found"
          error(
              switch (mode) {
                case ADD -> BinaryStatus.KEY_EXISTS;
                case REPLACE -> BinaryStatus.KEY_NOT_FOUND;
                default -> BinaryStatus.NOT_STORED;
              });
    }
  }

  private void delete() {
    ByteBuf b = req.content();
    int ks = req.keyStart();
    int kl = req.keyLength();
    if (ctx.stats.prefixes.enabled()) {
      ctx.stats.prefixes.recordDelete(b, ks, kl);
    }
    CacheHandle h = ctx.handle;
    BinaryStatus status;
    try {
      if (!h.lock(b, ks, kl)) {
        ctx.stats.deleteMisses.increment();
        status = BinaryStatus.KEY_NOT_FOUND;
      } else if (req.cas() != 0 && req.cas() != h.cas()) {
        status = BinaryStatus.KEY_EXISTS;
      } else {
        ctx.countHit(Counter.DELETE_HITS, h);
        h.unlink();
        status = BinaryStatus.SUCCESS;
      }
    } finally {
      h.release();
    }
    if (status == BinaryStatus.SUCCESS) {
      success(0, 0, 0, Unpooled.EMPTY_BUFFER);
    } else {
      error(status);
    }
  }

  /**
   * incr/decr with memcached's binary extras: delta, initial value, expiration. A missing key is
   * created with the initial value unless the expiration is 0xffffffff.
   */
  private void arithmetic(boolean incr) {
    ByteBuf b = req.content();
    int x = req.extrasStart();
    long delta = b.getLong(x);
    long initial = b.getLong(x + 8);
    long expiration = b.getUnsignedInt(x + 16);
    int ks = req.keyStart();
    int kl = req.keyLength();
    CacheHandle h = ctx.handle;
    Arithmetic a = ctx.arithmetic;
    long value;
    long cas;
    BinaryStatus status = BinaryStatus.SUCCESS;
    try {
      if (h.lock(b, ks, kl)) {
        Arithmetic.Result r = a.apply(h, incr, delta, 0);
        switch (r) {
          case OK -> {
            h.lookup();
            ctx.countHit(incr ? Counter.INCR_HITS : Counter.DECR_HITS, h);
          }
          case NON_NUMERIC -> status = BinaryStatus.NON_NUMERIC;
          default -> status = BinaryStatus.OUT_OF_MEMORY;
        }
        value = a.value;
        cas = h.cas();
      } else if (expiration != 0xFFFF_FFFFL) {
        ByteBuf digits = Unpooled.buffer(20);
        Replies.unsigned(digits, initial);
        if (h.allocate(0, ctx.cache.clock().realtime(expiration), digits.readableBytes())) {
          h.putValue(0, digits, 0, digits.readableBytes());
          cas = h.linkNew();
          value = initial;
        } else {
          status = BinaryStatus.OUT_OF_MEMORY;
          value = 0;
          cas = 0;
        }
      } else {
        (incr ? ctx.stats.incrMisses : ctx.stats.decrMisses).increment();
        status = BinaryStatus.KEY_NOT_FOUND;
        value = 0;
        cas = 0;
      }
    } finally {
      h.release();
    }
    if (status != BinaryStatus.SUCCESS) {
      error(status);
      return;
    }
    ByteBuf body = alloc.ioBuffer(8).writeLong(value);
    success(ctx.cache.casEnabled() ? cas : 0, 0, 0, body);
  }

  private void flush() {
    ctx.stats.cmdFlush.increment();
    if (!ctx.settings.tuning().flushEnabled()) {
      error(BinaryStatus.AUTH_ERROR); // memcached's answer under -F
      return;
    }
    int delay = req.extrasLength() == 4 ? req.content().getInt(req.extrasStart()) : 0;
    ctx.cache.flushAll(delay);
    success(0, 0, 0, Unpooled.EMPTY_BUFFER);
  }

  /**
   * stat: one response per statistic (key and value), then an empty one. The groups are those
   * memcached 1.6.18 serves over binary: the general ones, settings, items, slabs, reset and detail
   * on|off|dump; any other key is not found.
   */
  private void stats() {
    String group =
        req.content().toString(req.keyStart(), req.keyLength(), StandardCharsets.US_ASCII);
    switch (group) {
      case "" -> stats(StatsReport.general(ctx.stats, ctx.settings, ctx.cache, ctx.cache.stats()));
      case "settings" -> stats(StatsReport.settings(ctx.stats, ctx.settings, ctx.cache));
      case "items" -> stats(StatsReport.items(ctx.stats, ctx.settings.tuning(), ctx.cache.stats()));
      case "slabs" -> stats(StatsReport.slabs(ctx.stats, ctx.cache.stats()));
      case "reset" -> {
        ctx.stats.reset();
        stats(Map.of());
      }
      case "detail on", "detail off" -> {
        ctx.stats.prefixes.enable(group.equals("detail on"));
        stats(Map.of());
      }
      // memcached sends its text dump, END line included, as the value of one entry
      case "detail dump" -> stats(Map.of("detailed", ctx.stats.prefixes.dump() + "END\r\n"));
      default -> error(BinaryStatus.KEY_NOT_FOUND);
    }
  }

  private void stats(Map<String, String> values) {
    values.forEach(
        (name, value) -> {
          byte[] k = name.getBytes(StandardCharsets.ISO_8859_1);
          byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
          ByteBuf body = alloc.ioBuffer(k.length + v.length).writeBytes(k).writeBytes(v);
          out.accept(
              new BinaryResponse(
                  req.opcode(), BinaryStatus.SUCCESS, req.opaque(), 0, 0, k.length, body));
        });
    out.accept(BinaryResponse.empty(req.opcode(), req.opaque(), 0));
  }
}
