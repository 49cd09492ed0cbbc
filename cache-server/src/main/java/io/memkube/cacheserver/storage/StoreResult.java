package io.memkube.cacheserver.storage;

/** Outcome of a store, mapped to memcached's text and meta replies by the command layer. */
public enum StoreResult {
  STORED,
  NOT_STORED,
  EXISTS,
  NOT_FOUND,
  TOO_LARGE,
  NO_MEMORY
}
