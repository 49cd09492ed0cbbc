package io.memkube.proxy.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the config comes from: a file (watched for changes; a Kubernetes ConfigMap mount swaps a
 * symlink, so the file is read afresh through the link each time) or an inline string.
 */
public sealed interface ConfigSource {

  /** The current text; for a file, read now. */
  String read() throws IOException;

  /** How {@code __mcrouter__.config_file} names it. */
  String describe();

  record FromFile(Path path) implements ConfigSource {
    @Override
    public String read() throws IOException {
      return Files.readString(path, StandardCharsets.UTF_8);
    }

    @Override
    public String describe() {
      return path.toString();
    }
  }

  record Inline(String json) implements ConfigSource {
    @Override
    public String read() {
      return json;
    }

    @Override
    public String describe() {
      return "";
    }
  }

  /** mcrouter's {@code --config} value: {@code file:PATH}, or the JSON itself. */
  static ConfigSource parse(String value) {
    if (value.startsWith("file:")) {
      return new FromFile(Path.of(value.substring(5)));
    }
    return new Inline(value);
  }
}
