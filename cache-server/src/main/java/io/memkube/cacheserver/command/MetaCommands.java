package io.memkube.cacheserver.command;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.memkube.cacheserver.stats.SlabCounters.Counter;
import io.memkube.cacheserver.storage.Arithmetic;
import io.memkube.cacheserver.storage.CacheHandle;
import io.memkube.cacheserver.storage.Clock;
import io.memkube.cacheserver.storage.StoreMode;
import io.memkube.cacheserver.storage.StoreResult;
import io.memkube.cacheserver.watch.WatchFlags;
import io.memkube.protocol.request.Base64Key;
import io.memkube.protocol.request.ErrorLines;
import io.memkube.protocol.request.Request;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The meta commands (mg, ms, md, ma, mn, me) as memcached 1.6.18 answers them: return flags in
 * request order, then Z, X, W; {@code q} hides only the nominal reply.
 */
final class MetaCommands {
  private final ConnectionContext ctx;
  private final ByteBuf scratch = Unpooled.buffer(64);

  MetaCommands(ConnectionContext ctx) {
    this.ctx = ctx;
  }

  void execute(Request req, ByteBuf out) {
    switch (req.command()) {
      case META_GET -> get(req, out);
      case META_SET -> set(req, out);
      case META_DELETE -> delete(req, out);
      case META_ARITHMETIC -> arithmetic(req, out);
      case META_NOOP -> out.writeBytes(MN);
      case META_DEBUG -> debug(req, out);
      default -> throw new IllegalArgumentException(req.command().toString());
    }
  }

  private static final byte[] MN = Replies.ascii("MN\r\n");

  /** {@code item_get} for the request's key, when fetchers are watched. */
  private void logFetch(Request req, CacheHandle h) {
    if (ctx.watchers.watching(WatchFlags.FETCHERS)) {
      ItemLog.fetched(ctx, req.keyBuffer(), req.keyStart(0), req.keyLength(0), h);
    }
  }

  private Clock clock() {
    return ctx.cache.clock();
  }

  private static void space(ByteBuf out, char c) {
    out.writeByte(' ');
    out.writeByte(c);
  }

  private static void token(ByteBuf out, Request req, int t) {
    out.writeByte(' ');
    ByteBuf b = req.buffer();
    out.writeBytes(b, req.tokenStart(t), req.tokenEnd(t) - req.tokenStart(t));
  }

  /** memcached's META_KEY: raw, or base64 followed by " b" when the key is binary. */
  private static void key(ByteBuf out, ByteBuf key, int start, int len, boolean binary) {
    out.writeByte(' ');
    out.writeByte('k');
    if (binary) {
      Base64Key.encode(key, start, len, out);
      out.writeByte(' ');
      out.writeByte('b');
    } else {
      out.writeBytes(key, start, len);
    }
  }

  private void requestKey(ByteBuf out, Request req) {
    key(out, req.keyBuffer(), req.keyStart(0), req.keyLength(0), req.binaryKey());
  }

  private void itemKey(ByteBuf out, CacheHandle h) {
    scratch.clear();
    h.writeKey(scratch);
    key(out, scratch, 0, scratch.readableBytes(), h.binaryKey());
  }

  private static int flagEnd(Request req) {
    return Math.min(req.tokenCount(), 23);
  }

  private static char flagAt(Request req, int t) {
    return (char) (req.buffer().getByte(req.tokenStart(t)) & 0xFF);
  }

  private void ttl(ByteBuf out, CacheHandle h) {
    space(out, 't');
    if (h.exptime() == 0) {
      out.writeByte('-');
      out.writeByte('1');
    } else {
      Replies.unsigned(out, (h.exptime() - clock().now()) & 0xFFFF_FFFFL);
    }
  }

  // ---- mg ----

  private void get(Request req, ByteBuf out) {
    CacheHandle h = ctx.handle;
    boolean created = false;
    boolean ttlSet = false;
    boolean won = false;
    try {
      boolean found = h.lock(req.keyBuffer(), req.keyStart(0), req.keyLength(0));
      logFetch(req, h);
      if (!found && req.hasMetaFlag('N')) {
        if (h.allocate(0, 0, 0)) {
          if (req.binaryKey()) {
            h.setNewKeyBinary();
          }
          h.linkNew();
          found = true;
          created = true;
        }
      }
      ctx.stats.cmdGet.increment();
      if (!found) {
        if (req.hasMetaFlag('T')) {
          ctx.stats.cmdTouch.increment();
          ctx.stats.touchMisses.increment();
        } else {
          ctx.stats.getMisses.increment();
        }
        if (req.metaQuiet()) {
          return;
        }
        out.writeByte('E');
        out.writeByte('N');
        for (int t = req.firstMetaFlagToken(); t < flagEnd(req); t++) {
          switch (flagAt(req, t)) {
            case 'O' -> token(out, req, t);
            case 'k' -> requestKey(out, req);
            default -> {}
          }
        }
        out.writeBytes(Replies.CRLF);
        return;
      }
      boolean value = req.hasMetaFlag('v');
      if (value) {
        out.writeByte('V');
        out.writeByte('A');
        out.writeByte(' ');
        Replies.decimal(out, h.valueLength());
      } else {
        out.writeByte('H');
        out.writeByte('D');
      }
      for (int t = req.firstMetaFlagToken(); t < flagEnd(req); t++) {
        switch (flagAt(req, t)) {
          case 'T' -> {
            ttlSet = true;
            h.setExptime(clock().storageExptime(req.metaTtl()));
          }
          case 'N' -> {
            if (created) {
              h.setExptime(clock().storageExptime(req.metaVivifyTtl()));
              won = true;
            }
          }
          case 'R' -> {
            int recache = clock().storageExptime(req.metaRecacheTtl());
            if (!h.tokenSent()
                && !created
                && h.exptime() != 0
                && Integer.compareUnsigned(h.exptime(), recache) < 0) {
              won = true;
            }
          }
          case 's' -> {
            space(out, 's');
            Replies.decimal(out, h.valueLength());
          }
          case 't' -> ttl(out, h);
          case 'c' -> {
            space(out, 'c');
            Replies.unsigned(out, h.cas());
          }
          case 'f' -> {
            space(out, 'f');
            Replies.decimal(out, h.flags());
          }
          case 'l' -> {
            space(out, 'l');
            Replies.unsigned(out, (clock().now() - h.time()) & 0xFFFF_FFFFL);
          }
          case 'h' -> {
            space(out, 'h');
            out.writeByte(h.fetched() ? '1' : '0');
          }
          case 'O' -> token(out, req, t);
          case 'k' -> itemKey(out, h);
          default -> {}
        }
      }
      if (h.tokenSent()) {
        space(out, 'Z');
      }
      if (h.stale()) {
        space(out, 'X');
        if (!h.tokenSent()) {
          won = true;
        }
      }
      if (won) {
        space(out, 'W');
        h.markTokenSent();
      }
      out.writeBytes(Replies.CRLF);
      if (value) {
        h.writeValue(out);
        out.writeBytes(Replies.CRLF);
      }
      if (!req.hasMetaFlag('u')) {
        h.bump();
      }
      if (ttlSet) {
        ctx.stats.cmdTouch.increment();
        ctx.countHit(Counter.TOUCH_HITS, h);
      } else {
        ctx.countHit(Counter.GET_HITS, h);
      }
    } finally {
      h.release();
    }
  }

  // ---- ms ----

  private void set(Request req, ByteBuf out) {
    StoreMode mode =
        switch (req.metaMode()) {
          case 'E', 'e' -> StoreMode.ADD;
          // memcached 1.6.18 has no append/prepend autovivify: N is ignored by ms
          case 'A', 'a' -> StoreMode.APPEND;
          case 'P', 'p' -> StoreMode.PREPEND;
          case 'R', 'r' -> StoreMode.REPLACE;
          default -> StoreMode.SET;
        };
    boolean hasCas = req.hasMetaFlag('C');
    if (hasCas && (mode == StoreMode.SET || mode == StoreMode.REPLACE)) {
      mode = StoreMode.CAS;
    }
    int exptime = req.hasMetaFlag('T') ? clock().storageExptime(req.metaTtl()) : 0;
    ctx.countSet(req.keyLength(0), req.clientFlags(), req.valueLength());
    CacheHandle h = ctx.handle;
    StoreResult r;
    long cas = 0;
    try {
      h.lockForStore(req.keyBuffer(), req.keyStart(0), req.keyLength(0));
      logFetch(req, h);
      r =
          ctx.storer.store(
              h,
              mode,
              req.clientFlags(),
              exptime,
              req.buffer(),
              req.dataStart(),
              req.valueLength(),
              hasCas ? req.casUnique() : 0,
              req.hasMetaFlag('I'),
              req.binaryKey());
      if (r == StoreResult.STORED) {
        cas = ctx.cache.casEnabled() ? ctx.storer.storedCas : 0;
      } else if (r == StoreResult.NO_MEMORY && h.lookup()) {
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
          req.hasMetaFlag('T') ? req.metaTtl() : 0,
          req.clientFlags(),
          req.valueLength());
    }
    switch (r) {
      case STORED -> {
        if (req.metaQuiet()) {
          return;
        }
        out.writeByte('H');
        out.writeByte('D');
      }
      case NOT_STORED -> {
        out.writeByte('N');
        out.writeByte('S');
      }
      case EXISTS -> {
        out.writeByte('E');
        out.writeByte('X');
      }
      case NOT_FOUND -> {
        out.writeByte('N');
        out.writeByte('F');
      }
      default -> {
        ctx.stats.storeNoMemory.increment();
        Replies.line(out, ErrorLines.OUT_OF_MEMORY);
        return;
      }
    }
    for (int t = req.firstMetaFlagToken(); t < flagEnd(req); t++) {
      switch (flagAt(req, t)) {
        case 'O' -> token(out, req, t);
        case 'k' -> requestKey(out, req);
        case 'c' -> {
          space(out, 'c');
          Replies.unsigned(out, cas);
        }
        default -> {}
      }
    }
    out.writeBytes(Replies.CRLF);
  }

  // ---- md ----

  private void delete(Request req, ByteBuf out) {
    CacheHandle h = ctx.handle;
    String code;
    try {
      boolean found = h.lock(req.keyBuffer(), req.keyStart(0), req.keyLength(0));
      logFetch(req, h);
      if (!found) {
        ctx.stats.deleteMisses.increment();
        code = "NF";
      } else if (req.hasMetaFlag('C') && h.cas() != req.casUnique()) {
        ctx.stats.deleteMisses.increment();
        code = "EX";
      } else if (req.hasMetaFlag('I')) {
        if (req.hasMetaFlag('T')) {
          h.setExptime(clock().storageExptime(req.metaTtl()));
        }
        h.markStale();
        h.clearTokenSent();
        h.setCas(ctx.cache.nextCas());
        code = req.metaQuiet() ? null : "HD";
      } else {
        ctx.countHit(Counter.DELETE_HITS, h);
        h.unlink();
        code = req.metaQuiet() ? null : "HD";
      }
    } finally {
      h.release();
    }
    if (code == null) {
      return;
    }
    out.writeCharSequence(code, US_ASCII);
    echoOpaqueAndKey(req, out);
    out.writeBytes(Replies.CRLF);
  }

  private void echoOpaqueAndKey(Request req, ByteBuf out) {
    for (int t = req.firstMetaFlagToken(); t < flagEnd(req); t++) {
      switch (flagAt(req, t)) {
        case 'O' -> token(out, req, t);
        case 'k' -> requestKey(out, req);
        default -> {}
      }
    }
  }

  // ---- ma ----

  private void arithmetic(Request req, ByteBuf out) {
    boolean incr =
        switch (req.metaMode()) {
          case 'D', 'd', '-' -> false;
          default -> true;
        };
    CacheHandle h = ctx.handle;
    Arithmetic a = ctx.arithmetic;
    try {
      boolean found = h.lock(req.keyBuffer(), req.keyStart(0), req.keyLength(0));
      logFetch(req, h);
      boolean created = false;
      long value;
      if (found) {
        Arithmetic.Result r = a.apply(h, incr, req.delta(), req.casUnique());
        switch (r) {
          case NON_NUMERIC -> {
            Replies.line(out, ErrorLines.NON_NUMERIC);
            return;
          }
          case NO_MEMORY -> {
            Replies.line(out, "SERVER_ERROR out of memory");
            return;
          }
          case EXISTS -> {
            out.writeByte('E');
            out.writeByte('X');
            echoOpaqueAndKey(req, out);
            out.writeBytes(Replies.CRLF);
            return;
          }
          default -> {}
        }
        value = a.value;
        h.lookup();
        ctx.countHit(incr ? Counter.INCR_HITS : Counter.DECR_HITS, h);
      } else if (req.hasMetaFlag('N')) {
        value = req.metaInitial();
        scratch.clear();
        Replies.unsigned(scratch, value);
        if (!h.allocate(0, 0, scratch.readableBytes())) {
          Replies.line(out, "SERVER_ERROR Out of memory allocating new item");
          return;
        }
        h.putValue(0, scratch, 0, scratch.readableBytes());
        h.linkNew();
        created = true;
      } else {
        (incr ? ctx.stats.incrMisses : ctx.stats.decrMisses).increment();
        out.writeByte('N');
        out.writeByte('F');
        echoOpaqueAndKey(req, out);
        out.writeBytes(Replies.CRLF);
        return;
      }
      // memcached hides only the reply to an applied delta, not to an autovivified item
      boolean quiet = req.metaQuiet() && !created;
      ByteBuf o = out;
      int mark = out.writerIndex();
      ByteBuf digits = Unpooled.buffer(24);
      Replies.unsigned(digits, value);
      boolean withValue = req.hasMetaFlag('v');
      if (withValue) {
        o.writeByte('V');
        o.writeByte('A');
        o.writeByte(' ');
        Replies.decimal(o, digits.readableBytes());
      } else {
        o.writeByte('H');
        o.writeByte('D');
      }
      for (int t = req.firstMetaFlagToken(); t < flagEnd(req); t++) {
        switch (flagAt(req, t)) {
          case 'c' -> {
            space(o, 'c');
            Replies.unsigned(o, h.cas());
          }
          case 't' -> ttl(o, h);
          case 'T' -> h.setExptime(clock().storageExptime(req.metaTtl()));
          case 'N' -> {
            if (created) {
              h.setExptime(clock().storageExptime(req.metaVivifyTtl()));
            }
          }
          case 'O' -> token(o, req, t);
          case 'k' -> requestKey(o, req);
          default -> {}
        }
      }
      o.writeBytes(Replies.CRLF);
      if (withValue) {
        o.writeBytes(digits);
        o.writeBytes(Replies.CRLF);
      }
      if (quiet) {
        out.writerIndex(mark);
      }
    } finally {
      h.release();
    }
  }

  // ---- me ----

  private void debug(Request req, ByteBuf out) {
    CacheHandle h = ctx.handle;
    try {
      if (!h.lock(req.keyBuffer(), req.keyStart(0), req.keyLength(0))) {
        out.writeCharSequence("EN\r\n", US_ASCII);
        return;
      }
      out.writeCharSequence("ME ", US_ASCII);
      scratch.clear();
      h.writeKey(scratch);
      if (h.binaryKey()) {
        Base64Key.encode(scratch, 0, scratch.readableBytes(), out);
      } else {
        out.writeBytes(scratch);
      }
      out.writeCharSequence(" exp=", US_ASCII);
      // memcached 1.6.18 prints current_time - exptime here (a sign slip we reproduce)
      Replies.signed(out, h.exptime() == 0 ? -1 : (long) clock().now() - h.exptime());
      out.writeCharSequence(" la=", US_ASCII);
      Replies.unsigned(out, (clock().now() - h.time()) & 0xFFFF_FFFFL);
      out.writeCharSequence(" cas=", US_ASCII);
      Replies.unsigned(out, h.cas());
      out.writeCharSequence(h.fetched() ? " fetch=yes" : " fetch=no", US_ASCII);
      out.writeCharSequence(" cls=", US_ASCII);
      Replies.decimal(out, ctx.cache.slabClasses().classOf(h.memcachedSize()));
      out.writeCharSequence(" size=", US_ASCII);
      Replies.decimal(out, h.memcachedSize());
      out.writeBytes(Replies.CRLF);
    } finally {
      h.release();
    }
  }
}
