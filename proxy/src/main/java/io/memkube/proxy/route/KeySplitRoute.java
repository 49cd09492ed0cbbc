package io.memkube.proxy.route;

import io.memkube.protocol.Command;
import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * mcrouter's KeySplitRoute: spreads a hot key over {@code replicas} keys ({@code key}, {@code
 * key::1}, ... {@code key::N-1}) so that it lives on several servers. This proxy reads and writes
 * its replica, chosen by host id; deletes go to every replica (the others in the background), sets
 * too with {@code all_sync}; with {@code first_hit} a get asks every replica and answers the first
 * hit. Keys too long to take the suffix go through unchanged.
 */
public final class KeySplitRoute implements RouteHandle {
  /** memcached's key limit: mcrouter allows 255, which a memcached server would refuse. */
  private static final int MAX_KEY = 250;

  private static final int SUFFIX_ROOM = "::".length() + 3;

  private final RouteHandle destination;
  private final int replicas;
  private final boolean allSync;
  private final boolean firstHit;
  private final int replicaId;

  public KeySplitRoute(
      RouteHandle destination, int replicas, boolean allSync, boolean firstHit, long hostId) {
    if (replicas < 2 || replicas > 1000) {
      throw new IllegalArgumentException("replicas must be between 2 and 1000");
    }
    this.destination = destination;
    this.replicas = replicas;
    this.allSync = allSync;
    this.firstHit = firstHit;
    this.replicaId = (int) Long.remainderUnsigned(hostId, replicas);
  }

  private static McRequest replica(McRequest req, int id) {
    if (id == 0) {
      return req;
    }
    byte[] suffix = ("::" + id).getBytes(StandardCharsets.US_ASCII);
    byte[] key = new byte[req.key().length + suffix.length];
    System.arraycopy(req.key(), 0, key, 0, req.key().length);
    System.arraycopy(suffix, 0, key, req.key().length, suffix.length);
    return req.withKey(key);
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    if (req.key().length + SUFFIX_ROOM > MAX_KEY) {
      destination.route(req, ctx, done);
      return;
    }
    Command op = req.op();
    if (op == Command.GET && firstHit) {
      firstHit(req, 0, ctx, done);
    } else if (op == Command.DELETE
        || op == Command.META_DELETE
        || (op == Command.SET && allSync)) {
      for (int id = 0; id < replicas; id++) {
        if (id != replicaId) {
          destination.route(replica(req, id), ctx, RouteContext.IGNORE);
        }
      }
      destination.route(replica(req, replicaId), ctx, done);
    } else {
      destination.route(replica(req, replicaId), ctx, done);
    }
  }

  /** Replicas one after the other until a hit (mcrouter asks them at once; the answer is alike). */
  private void firstHit(McRequest req, int id, RouteContext ctx, Consumer<McReply> done) {
    destination.route(
        replica(req, id),
        ctx,
        reply -> {
          if (reply.kind().isSuccess() || id + 1 == replicas) {
            done.accept(reply);
          } else {
            firstHit(req, id + 1, ctx, done);
          }
        });
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    return List.of(destination);
  }

  @Override
  public String describe() {
    return "keysplit|replicas=" + replicas + "|all-sync=" + allSync + "|replicaId=" + replicaId;
  }
}
