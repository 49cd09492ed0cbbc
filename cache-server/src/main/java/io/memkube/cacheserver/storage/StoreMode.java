package io.memkube.cacheserver.storage;

/** How a store treats an existing item (memcached's NREAD_* modes). */
public enum StoreMode {
  SET,
  ADD,
  REPLACE,
  APPEND,
  PREPEND,
  CAS
}
