package io.memkube.proxy.configmodel.parse;

/** A config the proxy cannot run, with the JSON path of the offending part. */
public final class ConfigException extends Exception {
  private final String path;

  public ConfigException(String path, String message) {
    super(path.isEmpty() ? message : path + ": " + message);
    this.path = path;
  }

  public ConfigException(String path, String message, Throwable cause) {
    super(path.isEmpty() ? message : path + ": " + message, cause);
    this.path = path;
  }

  /** Where in the JSON the problem is, e.g. {@code $.route.children[2]}. */
  public String path() {
    return path;
  }
}
