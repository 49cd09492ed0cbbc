package io.memkube.proxy.route;

import io.memkube.proxy.protocol.McReply;
import io.memkube.proxy.protocol.McRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Picks the child of the longest key prefix in {@code policies}, else {@code wildcard}. */
public final class PrefixSelectorRoute implements RouteHandle {
  private record Policy(byte[] prefix, RouteHandle route) {}

  private final List<Policy> policies;
  private final RouteHandle wildcard;

  public PrefixSelectorRoute(Map<String, RouteHandle> policies, RouteHandle wildcard) {
    List<Policy> list = new ArrayList<>();
    policies.forEach((p, r) -> list.add(new Policy(p.getBytes(StandardCharsets.UTF_8), r)));
    list.sort(Comparator.comparingInt((Policy p) -> p.prefix.length).reversed());
    this.policies = List.copyOf(list);
    this.wildcard = wildcard;
  }

  private RouteHandle select(byte[] key) {
    for (Policy p : policies) {
      if (startsWith(key, p.prefix)) {
        return p.route;
      }
    }
    return wildcard;
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    if (key.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (key[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void route(McRequest req, RouteContext ctx, Consumer<McReply> done) {
    RouteHandle r = select(req.key());
    if (r == null) {
      done.accept(McReply.defaultFor(req));
    } else {
      r.route(req, ctx, done);
    }
  }

  @Override
  public List<RouteHandle> targets(McRequest req) {
    RouteHandle r = select(req.key());
    return r == null ? List.of() : List.of(r);
  }

  @Override
  public String describe() {
    return "prefix-selector|" + policies.size();
  }
}
