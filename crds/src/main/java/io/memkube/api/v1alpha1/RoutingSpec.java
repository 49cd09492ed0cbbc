package io.memkube.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** The proxy's routing: one hashed pool, or replica groups that each hold every key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.rawConfig) && has(self.configPatch))",
    message = "give spec.proxy.routing.rawConfig or spec.proxy.routing.configPatch, not both")
public class RoutingSpec {

  /** How keys map to servers. */
  public enum Mode {
    /** One pool; each key lives on one server (mcrouter PoolRoute). */
    Sharded,
    /**
     * {@code replicaGroups} pools of equal size; writes go to every group (AllSyncRoute), reads
     * fail over from group to group (FailoverRoute).
     */
    Replicated
  }

  /** Hash function from key to server inside a pool. */
  public enum HashFunction {
    Ch3,
    Crc32
  }

  @JsonPropertyDescription("Sharded (one pool, the default) or Replicated (replicaGroups copies).")
  @Default("Sharded")
  private Mode mode;

  @JsonPropertyDescription("Hash function inside a pool: Ch3 (mcrouter's default) or Crc32.")
  @Default("Ch3")
  private HashFunction hashFunction;

  @JsonPropertyDescription(
      "Copies of each key in Replicated mode (2-8); spec.replicas must be a multiple of it.")
  @Default("2")
  @Min(2)
  @Max(8)
  private Integer replicaGroups;

  @JsonPropertyDescription(
      "The reliable delete stream: deletes a server cannot take are spooled and delivered later.")
  private DeleteStreamSpec deleteStream;

  @JsonPropertyDescription(
      "An mcrouter JSON config used as it is instead of the generated one (for what this resource"
          + " does not model). It must list the servers itself: scaling no longer changes the"
          + " proxies' ring.")
  private String rawConfig;

  @JsonPropertyDescription(
      "A JSON merge patch (RFC 7386) applied to the generated mcrouter config, e.g."
          + " {\"route\": {\"type\": \"PoolRoute\", \"pool\": \"NAME\", \"shadows\": [...]}}.")
  private String configPatch;

  public DeleteStreamSpec getDeleteStream() {
    return deleteStream;
  }

  public void setDeleteStream(DeleteStreamSpec deleteStream) {
    this.deleteStream = deleteStream;
  }

  public String getRawConfig() {
    return rawConfig;
  }

  public void setRawConfig(String rawConfig) {
    this.rawConfig = rawConfig;
  }

  public String getConfigPatch() {
    return configPatch;
  }

  public void setConfigPatch(String configPatch) {
    this.configPatch = configPatch;
  }

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public HashFunction getHashFunction() {
    return hashFunction;
  }

  public void setHashFunction(HashFunction hashFunction) {
    this.hashFunction = hashFunction;
  }

  public Integer getReplicaGroups() {
    return replicaGroups;
  }

  public void setReplicaGroups(Integer replicaGroups) {
    this.replicaGroups = replicaGroups;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RoutingSpec r
        && mode == r.mode
        && hashFunction == r.hashFunction
        && Objects.equals(replicaGroups, r.replicaGroups)
        && Objects.equals(deleteStream, r.deleteStream)
        && Objects.equals(rawConfig, r.rawConfig)
        && Objects.equals(configPatch, r.configPatch);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mode, hashFunction, replicaGroups, deleteStream, rawConfig, configPatch);
  }
}
