package io.memkube.proxy.configmodel.jsonm;

/** A JSONM config that cannot be expanded: the message says what, starting with where. */
public final class JsonmException extends Exception {
  private final String path;

  public JsonmException(String path, String message) {
    super(message);
    this.path = path;
  }

  /** The JSON path of the value being expanded ({@code $.route.children[0]}). */
  public String path() {
    return path;
  }
}
