package io.memkube.proxy.route;

import io.memkube.protocol.reply.McReply;
import io.memkube.protocol.request.McRequest;
import io.memkube.proxy.hash.HashFunction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/** Sends each key to one child chosen by hashing the key (mcrouter's HashRoute and PoolRoute). */
public final class HashRoute implements RouteHandle {
  private final String name;
  private final List<RouteHandle> children;
  private final HashFunction hash;
  private final byte[] salt;

  public HashRoute(String name, List<RouteHandle> children, HashFunction hash, String salt) {
    if (children.isEmpty()) {
      throw new IllegalArgumentException("a hash route needs at least one child");
    }
    if (hash.buckets() != children.size()) {
      throw new IllegalArgumentException("hash function built for another number of children");
    }
    this.name = name;
    this.children = List.copyOf(children);
    this.hash = hash;
    this.salt = salt.getBytes(StandardCharsets.UTF_8);
  }

  public RouteHandle pick(byte[] key) {
    return children.get(bucket(key));
  }

  /** The index of the child that takes {@code key}. */
  public int bucket(byte[] key) {
    return children.size() == 1 ? 0 : hash.bucket(HashKeys.hashed(key, salt));
  }

  public List<RouteHandle> children() {
    return children;
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    pick(req.key()).route(req, ctx, done);
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    return List.of(pick(req.key()));
  }

  @Override
  public String describe() {
    return name + "|" + hash.getClass().getSimpleName() + "|" + children.size();
  }
}
