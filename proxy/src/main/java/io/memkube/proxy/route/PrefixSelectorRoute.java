package io.memkube.proxy.route;

import io.memkube.protocol.request.McRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Picks the child of the longest key prefix in {@code policies}, else {@code wildcard}. */
public final class PrefixSelectorRoute extends SelectorRoute {
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

  @Override
  protected RouteHandle select(McRequest req) {
    for (Policy p : policies) {
      if (startsWith(req.key(), p.prefix)) {
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
  public String describe() {
    return "prefix-selector|" + policies.size();
  }
}
