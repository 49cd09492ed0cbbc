package io.memkube.cacheserver.storage;

/** How a store treats an existing item (memcached's NREAD_* modes). */
public enum StoreMode {
  SET,
  ADD,
  REPLACE,
  APPEND,
  PREPEND,
  CAS,
  /** Meta append that creates the item when missing (ms MA with N). */
  APPEND_VIVIFY,
  /** Meta prepend that creates the item when missing (ms MP with N). */
  PREPEND_VIVIFY
}
