package io.memkube.protocol.request;

import java.util.ArrayList;
import java.util.List;

/** Reads and rewrites the flag tokens of meta commands ({@code T<ttl>}, {@code q}, ...). */
public final class MetaTokens {
  private MetaTokens() {}

  /** The TTL set by a {@code T} token, 0 when absent. */
  public static long ttl(List<String> tokens) {
    for (String t : tokens) {
      if (t.length() > 1 && t.charAt(0) == 'T') {
        try {
          return Long.parseLong(t.substring(1));
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  public static List<String> withTtl(List<String> tokens, long ttl) {
    List<String> out = new ArrayList<>(tokens.size() + 1);
    for (String t : tokens) {
      if (!(t.length() > 1 && t.charAt(0) == 'T')) {
        out.add(t);
      }
    }
    out.add("T" + ttl);
    return List.copyOf(out);
  }
}
