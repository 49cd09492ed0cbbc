package io.memkube.cacheserver.command;

/** What the connection does after a command. */
public enum Outcome {
  CONTINUE,
  /** Flush what was written, then close ({@code quit}). */
  CLOSE,
  /** Flush what was written, then stream watcher lines and run no further commands. */
  WATCH,
  /** Close and stop the server ({@code shutdown} when enabled). */
  SHUTDOWN
}
