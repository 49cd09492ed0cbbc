package io.memkube.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.Objects;

/** The proxy's routing: one hashed pool, or replica groups that each hold every key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
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
        && Objects.equals(replicaGroups, r.replicaGroups);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mode, hashFunction, replicaGroups);
  }
}
