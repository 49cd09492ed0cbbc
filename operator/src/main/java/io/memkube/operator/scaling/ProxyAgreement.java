package io.memkube.operator.scaling;

import java.util.List;

/**
 * Which proxies run a given proxy configuration, as they report it (memkube's proxies write the md5
 * of the config they run into a ConfigMap, under their node's name).
 *
 * @param reporting whether the proxies report at all (memkube's proxy image); when not, nothing is
 *     known and the operator falls back to waiting a fixed time
 * @param proxies proxy pods running now
 * @param behind nodes whose proxy reports another configuration
 * @param silent nodes whose proxy has not reported anything (starting, or cannot reach the API)
 */
public record ProxyAgreement(
    boolean reporting, int proxies, List<String> behind, List<String> silent) {

  /** Proxies that do not report (another image): nothing is known. */
  public static final ProxyAgreement NOT_REPORTING =
      new ProxyAgreement(false, 0, List.of(), List.of());

  public ProxyAgreement {
    behind = List.copyOf(behind);
    silent = List.copyOf(silent);
  }

  /** Every running proxy reports this configuration. */
  public boolean confirmed() {
    return reporting && behind.isEmpty() && silent.isEmpty();
  }

  /** Proxies that report this configuration. */
  public int agreeing() {
    return proxies - behind.size() - silent.size();
  }

  /** What is missing, for messages: "2 of 3 proxies run it; waiting for node-a, node-b". */
  public String describe() {
    StringBuilder sb =
        new StringBuilder(String.format("%d of %d proxies run it", agreeing(), proxies));
    if (!behind.isEmpty()) {
      sb.append("; still on an older one: ").append(String.join(", ", behind));
    }
    if (!silent.isEmpty()) {
      sb.append("; not reporting: ").append(String.join(", ", silent));
    }
    return sb.toString();
  }
}
