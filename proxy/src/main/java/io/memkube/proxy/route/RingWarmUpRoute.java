package io.memkube.proxy.route;

import io.memkube.protocol.Command;
import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.reply.ReplyKind;
import io.memkube.protocol.request.McRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link WarmUpRoute} for a ring change the proxy makes itself: a get that misses on the new owner
 * ({@code cold}) is read from the previous one ({@code warm}) with a meta get ({@code mg <key> v f
 * t}), so the value is written to the new owner with the expiry it has left, not a fixed one (a key
 * that would have expired in a minute still does). Everything else goes to cold.
 */
final class RingWarmUpRoute implements RouteHandle {
  /** memcached reads a larger expiry as a unix time. */
  private static final long MAX_RELATIVE_EXPTIME = 60L * 60 * 24 * 30;

  private static final List<String> VALUE_FLAGS_TTL = List.of("v", "f", "t");

  private final RouteHandle cold;
  private final RouteHandle warm;

  RingWarmUpRoute(RouteHandle cold, RouteHandle warm) {
    this.cold = cold;
    this.warm = warm;
  }

  /** A value read with {@code mg v f t}. */
  record Found(long flags, long ttl, byte[] value) {}

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    boolean classicGet = req.op() == Command.GET || req.op() == Command.GETS;
    if (!classicGet) {
      cold.route(req, ctx, done);
      return;
    }
    cold.route(
        req,
        ctx,
        coldReply -> {
          if (coldReply.kind() == ReplyKind.HIT) {
            done.accept(coldReply);
            return;
          }
          McRequest read =
              new McRequest(Command.META_GET, req.key(), 0, 0, null, 0, 0, VALUE_FLAGS_TTL);
          warm.route(
              read,
              ctx,
              warmReply -> {
                Found found =
                    warmReply.kind() == ReplyKind.META_OK ? parse(warmReply.value()) : null;
                if (found == null) {
                  done.accept(coldReply);
                  return;
                }
                // a CAS token from warm would not fit cold: gets answers cold's miss
                done.accept(
                    req.op() == Command.GETS
                        ? coldReply
                        : McReply.hit(found.flags(), 0, found.value()));
                long exptime = exptime(found.ttl());
                if (exptime >= 0) {
                  McRequest fill =
                      new McRequest(
                          Command.ADD,
                          req.key(),
                          found.flags(),
                          exptime,
                          found.value(),
                          0,
                          0,
                          List.of());
                  cold.route(fill, ctx, RouteContext.IGNORE);
                }
              });
        });
  }

  /** The expiry to store with: 0 for none, -1 for "do not store" (expires now). */
  static long exptime(long ttl) {
    if (ttl < 0) {
      return 0;
    }
    if (ttl == 0) {
      return -1;
    }
    return ttl <= MAX_RELATIVE_EXPTIME ? ttl : System.currentTimeMillis() / 1000 + ttl;
  }

  /** Reads {@code VA <len> <flags>*\r\n<data>\r\n}; null for anything else. */
  static Found parse(byte[] raw) {
    if (raw == null) {
      return null;
    }
    int eol = -1;
    for (int i = 0; i + 1 < raw.length; i++) {
      if (raw[i] == '\r' && raw[i + 1] == '\n') {
        eol = i;
        break;
      }
    }
    if (eol < 0) {
      return null;
    }
    String[] tokens = new String(raw, 0, eol, StandardCharsets.US_ASCII).split(" ");
    if (tokens.length < 2 || !tokens[0].equals("VA")) {
      return null;
    }
    try {
      int length = Integer.parseInt(tokens[1]);
      long flags = 0;
      long ttl = -1;
      for (int i = 2; i < tokens.length; i++) {
        if (tokens[i].startsWith("f")) {
          flags = Long.parseLong(tokens[i].substring(1));
        } else if (tokens[i].startsWith("t")) {
          ttl = Long.parseLong(tokens[i].substring(1));
        }
      }
      if (eol + 2 + length > raw.length) {
        return null;
      }
      return new Found(flags, ttl, Arrays.copyOfRange(raw, eol + 2, eol + 2 + length));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    return List.of(cold, warm);
  }

  @Override
  public String describe() {
    return "ring-warm-up";
  }
}
