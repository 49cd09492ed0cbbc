package io.memkube.cacheserver.command;

import io.memkube.cacheserver.config.ServerSettings;
import io.memkube.cacheserver.stats.PrefixStats;
import io.memkube.cacheserver.stats.ServerStats;
import io.memkube.cacheserver.stats.SlabCounters.Counter;
import io.memkube.cacheserver.storage.Arithmetic;
import io.memkube.cacheserver.storage.Cache;
import io.memkube.cacheserver.storage.CacheHandle;
import io.memkube.cacheserver.storage.StoreMode;
import io.memkube.cacheserver.storage.StoreResult;
import io.memkube.cacheserver.watch.WatchFlags;
import io.memkube.protocol.Command;
import io.memkube.protocol.request.ErrorLines;
import io.memkube.protocol.request.Request;
import io.netty.buffer.ByteBuf;

/**
 * Executes parsed requests against the cache and writes memcached's replies. One per connection;
 * runs on the connection's event loop, as memcached's worker threads do.
 */
public final class CommandProcessor {
  private final ConnectionContext ctx;
  private final MetaCommands meta;
  private final StatsCommand statsCommand;
  private final SlabsCommand slabsCommand;
  private int watchFlags;

  public CommandProcessor(
      Cache cache, ServerStats stats, ServerSettings settings, ConnectionRegistry connections) {
    this(cache, stats, settings, connections, CertificateRefresh.none());
  }

  public CommandProcessor(
      Cache cache,
      ServerStats stats,
      ServerSettings settings,
      ConnectionRegistry connections,
      CertificateRefresh certificates) {
    this.ctx = new ConnectionContext(cache, stats, settings, connections, certificates);
    this.meta = new MetaCommands(ctx);
    this.statsCommand = new StatsCommand(ctx);
    this.slabsCommand = new SlabsCommand(ctx);
  }

  /**
   * Sends this connection's item events to {@code watchers} when someone watches them, under the
   * connection number {@code connectionId}.
   */
  public void logTo(io.memkube.cacheserver.watch.Watchers watchers, int connectionId) {
    ctx.watchers = watchers;
    ctx.connectionId = connectionId;
  }

  /** The kinds {@code watch} asked for, after {@link Outcome#WATCH}. */
  public int watchFlags() {
    return watchFlags;
  }

  /** Executes {@code req} (already parsed, possibly with an error line) and writes the reply. */
  public Outcome process(Request req, ByteBuf out) {
    try {
      if (req.errorLine() != null) {
        return refused(req, out);
      }
      return execute(req, out);
    } finally {
      ctx.flushLookupCounters();
    }
  }

  private Outcome refused(Request req, ByteBuf out) {
    String err = req.errorLine();
    Command c = req.command();
    if (err.equals(ErrorLines.TOO_LARGE) && c != null && c.hasDataBlock()) {
      ctx.stats.storeTooLarge.increment();
      if (ctx.stats.prefixes.enabled() && !c.isMeta()) {
        // memcached counts a text storage command for its prefix before it sizes the item
        ctx.stats.prefixes.recordSet(req.keyBuffer(), req.keyStart(0), req.keyLength(0));
      }
      // memcached deletes the old value so a failed set leaves no stale data
      if (c == Command.SET || c == Command.META_SET) {
        deleteQuietly(req);
      }
    }
    if (!req.suppressReply()) {
      Replies.line(out, err);
    }
    return Outcome.CONTINUE;
  }

  private void deleteQuietly(Request req) {
    CacheHandle h = ctx.handle;
    try {
      if (h.lock(req.keyBuffer(), req.keyStart(0), req.keyLength(0))) {
        h.unlink();
      }
    } finally {
      h.release();
    }
  }

  private Outcome execute(Request req, ByteBuf out) {
    switch (req.command()) {
      case GET -> retrieve(req, out, false, false);
      case GETS -> retrieve(req, out, true, false);
      case GAT -> retrieve(req, out, false, true);
      case GATS -> retrieve(req, out, true, true);
      case SET -> store(req, out, StoreMode.SET);
      case ADD -> store(req, out, StoreMode.ADD);
      case REPLACE -> store(req, out, StoreMode.REPLACE);
      case APPEND -> store(req, out, StoreMode.APPEND);
      case PREPEND -> store(req, out, StoreMode.PREPEND);
      case CAS -> store(req, out, StoreMode.CAS);
      case INCR -> arithmetic(req, out, true);
      case DECR -> arithmetic(req, out, false);
      case DELETE -> delete(req, out);
      case TOUCH -> touch(req, out);
      case FLUSH_ALL -> {
        ctx.stats.cmdFlush.increment();
        if (!ctx.settings.tuning().flushEnabled()) {
          if (!req.noreply()) {
            Replies.line(out, Replies.FLUSH_NOT_ALLOWED);
          }
        } else {
          ctx.cache.flushAll(req.exptime());
          reply(req, out, Replies.OK);
        }
      }
      case VERSION -> Replies.line(out, "VERSION " + ServerSettings.VERSION);
      case VERBOSITY -> {
        ctx.stats.verbosity = (int) Math.min(2, req.delta());
        reply(req, out, Replies.OK);
      }
      case QUIT -> {
        return Outcome.CLOSE;
      }
      case SHUTDOWN -> {
        return shutdown(req, out);
      }
      case STATS -> statsCommand.execute(req, out);
      case CACHE_MEMLIMIT -> memlimit(req, out);
      case REFRESH_CERTS -> {
        // memcached answers even without -Z (its "Error TLS not enabled"), noreply silences it
        String line = ctx.certificates.refresh();
        if (!req.noreply()) {
          Replies.line(out, line);
        }
      }
      case SLABS -> slabsCommand.execute(req, out);
      case MK_SCAN -> KeyScanCommand.execute(ctx.cache, req, out);
      case LRU_CRAWLER -> LruCrawlerCommand.execute(ctx, req, out);
      case WATCH -> {
        watchFlags = WatchCommand.execute(ctx, req, out);
        if (watchFlags != 0) {
          return Outcome.WATCH;
        }
      }
      case META_GET, META_SET, META_DELETE, META_ARITHMETIC, META_NOOP, META_DEBUG -> {
        ctx.stats.cmdMeta.increment();
        meta.execute(req, out);
      }
      default -> Replies.line(out, ErrorLines.ERROR);
    }
    return Outcome.CONTINUE;
  }

  /** {@code item_get} for the single key of {@code req}, when fetchers are watched. */
  private void logFetch(Request req, CacheHandle h) {
    if (ctx.watchers.watching(WatchFlags.FETCHERS)) {
      ItemLog.fetched(ctx, req.keyBuffer(), req.keyStart(0), req.keyLength(0), h);
    }
  }

  private static void reply(Request req, ByteBuf out, byte[] line) {
    if (!req.noreply()) {
      out.writeBytes(line);
    }
  }

  private void retrieve(Request req, ByteBuf out, boolean withCas, boolean touch) {
    CacheHandle h = ctx.handle;
    ServerStats st = ctx.stats;
    int exptime = touch ? ctx.cache.clock().storageExptime(req.exptime()) : 0;
    ByteBuf keys = req.keyBuffer();
    PrefixStats prefixes = st.prefixes.enabled() ? st.prefixes : null;
    boolean logFetches = ctx.watchers.watching(WatchFlags.FETCHERS);
    for (int i = 0; i < req.keyCount(); i++) {
      int ks = req.keyStart(i);
      int kl = req.keyLength(i);
      st.cmdGet.increment();
      if (touch) {
        st.cmdTouch.increment();
      }
      try {
        boolean hit = h.lock(keys, ks, kl);
        if (prefixes != null) {
          prefixes.recordGet(keys, ks, kl, hit);
        }
        if (logFetches) {
          ItemLog.fetched(ctx, keys, ks, kl, h);
        }
        if (hit) {
          h.bump();
          if (touch) {
            h.setExptime(exptime);
            ctx.countHit(Counter.TOUCH_HITS, h);
          } else {
            ctx.countHit(Counter.GET_HITS, h);
          }
          out.writeBytes(Replies.VALUE);
          out.writeBytes(keys, ks, kl);
          out.writeByte(' ');
          Replies.decimal(out, h.flags());
          out.writeByte(' ');
          Replies.decimal(out, h.valueLength());
          if (withCas) {
            out.writeByte(' ');
            Replies.unsigned(out, h.cas());
          }
          out.writeBytes(Replies.CRLF);
          h.writeValue(out);
          out.writeBytes(Replies.CRLF);
        } else if (touch) {
          st.touchMisses.increment();
        } else {
          st.getMisses.increment();
        }
      } finally {
        h.release();
      }
    }
    if (!req.continuesLine()) {
      out.writeBytes(Replies.END);
    }
  }

  private void store(Request req, ByteBuf out, StoreMode mode) {
    CacheHandle h = ctx.handle;
    ctx.countSet(req.keyLength(0), req.clientFlags(), req.valueLength());
    if (ctx.stats.prefixes.enabled()) {
      ctx.stats.prefixes.recordSet(req.keyBuffer(), req.keyStart(0), req.keyLength(0));
    }
    int exptime = ctx.cache.clock().storageExptime(req.exptime());
    StoreResult r;
    try {
      h.lockForStore(req.keyBuffer(), req.keyStart(0), req.keyLength(0));
      if (ctx.watchers.watching(WatchFlags.FETCHERS)) {
        ItemLog.fetched(ctx, req.keyBuffer(), req.keyStart(0), req.keyLength(0), h);
      }
      r =
          ctx.storer.store(
              h,
              mode,
              req.clientFlags(),
              exptime,
              req.buffer(),
              req.dataStart(),
              req.valueLength(),
              mode == StoreMode.CAS ? req.casUnique() : 0,
              false,
              false);
      if (r == StoreResult.NO_MEMORY && mode == StoreMode.SET && h.lookup()) {
        h.unlink();
      }
    } finally {
      h.release();
    }
    if (ctx.watchers.watching(WatchFlags.MUTATIONS)) {
      ItemLog.stored(
          ctx,
          req.keyBuffer(),
          req.keyStart(0),
          req.keyLength(0),
          mode,
          r,
          req.exptime(),
          req.clientFlags(),
          req.valueLength());
    }
    if (req.noreply()) {
      if (r == StoreResult.NO_MEMORY) {
        ctx.stats.storeNoMemory.increment();
      }
      return;
    }
    switch (r) {
      case STORED -> out.writeBytes(Replies.STORED);
      case NOT_STORED -> out.writeBytes(Replies.NOT_STORED);
      case EXISTS -> out.writeBytes(Replies.EXISTS);
      case NOT_FOUND -> out.writeBytes(Replies.NOT_FOUND);
      case TOO_LARGE -> Replies.line(out, ErrorLines.TOO_LARGE);
      case NO_MEMORY -> {
        ctx.stats.storeNoMemory.increment();
        Replies.line(out, ErrorLines.OUT_OF_MEMORY);
      }
    }
  }

  private void arithmetic(Request req, ByteBuf out, boolean incr) {
    CacheHandle h = ctx.handle;
    Arithmetic.Result r;
    try {
      boolean hit = h.lock(req.keyBuffer(), req.keyStart(0), req.keyLength(0));
      logFetch(req, h);
      if (!hit) {
        r = Arithmetic.Result.NOT_FOUND;
      } else {
        r = ctx.arithmetic.apply(h, incr, req.delta(), 0);
        if (r == Arithmetic.Result.OK && h.lookup()) {
          ctx.countHit(incr ? Counter.INCR_HITS : Counter.DECR_HITS, h);
        }
      }
    } finally {
      h.release();
    }
    ServerStats st = ctx.stats;
    if (r == Arithmetic.Result.NOT_FOUND) {
      (incr ? st.incrMisses : st.decrMisses).increment();
    }
    if (req.noreply()) {
      return;
    }
    switch (r) {
      case OK -> {
        Replies.unsigned(out, ctx.arithmetic.value);
        out.writeBytes(Replies.CRLF);
      }
      case NON_NUMERIC -> Replies.line(out, ErrorLines.NON_NUMERIC);
      case NO_MEMORY -> Replies.line(out, "SERVER_ERROR out of memory");
      default -> out.writeBytes(Replies.NOT_FOUND);
    }
  }

  private void delete(Request req, ByteBuf out) {
    CacheHandle h = ctx.handle;
    boolean deleted;
    if (ctx.stats.prefixes.enabled()) {
      ctx.stats.prefixes.recordDelete(req.keyBuffer(), req.keyStart(0), req.keyLength(0));
    }
    try {
      deleted = h.lock(req.keyBuffer(), req.keyStart(0), req.keyLength(0));
      logFetch(req, h);
      if (deleted) {
        ctx.countHit(Counter.DELETE_HITS, h);
        h.unlink();
      } else {
        ctx.stats.deleteMisses.increment();
      }
    } finally {
      h.release();
    }
    reply(req, out, deleted ? Replies.DELETED : Replies.NOT_FOUND);
  }

  private void touch(Request req, ByteBuf out) {
    CacheHandle h = ctx.handle;
    boolean touched;
    int exptime = ctx.cache.clock().realtime(req.exptime());
    try {
      touched = h.lock(req.keyBuffer(), req.keyStart(0), req.keyLength(0));
      logFetch(req, h);
      if (touched) {
        h.bump();
        h.setExptime(exptime);
        ctx.countHit(Counter.TOUCH_HITS, h);
      } else {
        ctx.stats.touchMisses.increment();
      }
    } finally {
      h.release();
    }
    ctx.stats.cmdTouch.increment();
    reply(req, out, touched ? Replies.TOUCHED : Replies.NOT_FOUND);
  }

  private Outcome shutdown(Request req, ByteBuf out) {
    if (!ctx.settings.shutdownEnabled()) {
      Replies.line(out, ErrorLines.SHUTDOWN_NOT_ENABLED);
      return Outcome.CONTINUE;
    }
    if (req.tokenCount() == 1 || (req.tokenCount() == 2 && req.tokenEquals(1, "graceful"))) {
      return Outcome.SHUTDOWN;
    }
    Replies.line(out, ErrorLines.INVALID_SHUTDOWN_MODE);
    return Outcome.CONTINUE;
  }

  private void memlimit(Request req, ByteBuf out) {
    long mb = req.delta();
    String line;
    if (mb < 8) {
      line = "MEMLIMIT_TOO_SMALL cannot set maxbytes to less than 8m";
    } else if (mb > 1_000_000_000L) {
      line = "MEMLIMIT_ADJUST_FAILED input value is megabytes not bytes";
    } else if (ctx.cache.setLimitBytes(mb * 1024 * 1024)) {
      line = "OK";
    } else {
      line = "MEMLIMIT_ADJUST_FAILED out of bounds or unable to adjust";
    }
    if (!req.noreply()) {
      Replies.line(out, line);
    }
  }
}
