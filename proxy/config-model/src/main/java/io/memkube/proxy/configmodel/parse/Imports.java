package io.memkube.proxy.configmodel.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * mcrouter's {@code "@import(path)"}: a string value of that form is replaced by the JSON of the
 * file it names, relative to the importing file's directory. Imports may nest; cycles are refused.
 */
final class Imports {
  private static final Pattern IMPORT = Pattern.compile("@import\\(([^)]+)\\)");
  private static final int MAX_DEPTH = 16;

  private final Map<String, String> params;
  private final Deque<Path> stack = new ArrayDeque<>();
  private final Map<Path, String> read = new java.util.LinkedHashMap<>();

  Imports(Map<String, String> params) {
    this.params = params;
  }

  /** Every file imported so far and the text it had, so a reload can tell when one changes. */
  Map<Path, String> files() {
    return Map.copyOf(read);
  }

  /**
   * Expands imports in {@code node} (in place where possible); returns the node to use.
   *
   * @param baseDir the directory imports are relative to, or null when no file may be read
   */
  JsonNode expand(JsonNode node, Path baseDir, String path) throws ConfigException {
    if (node.isTextual()) {
      Matcher m = IMPORT.matcher(node.asText().trim());
      if (!m.matches()) {
        return node;
      }
      if (baseDir == null) {
        throw new ConfigException(
            path,
            "@import is not possible in a config checked on its own (the proxies' ConfigMap holds"
                + " one file): write the imported JSON in place");
      }
      Path file = baseDir.resolve(m.group(1).trim()).normalize();
      if (stack.contains(file) || stack.size() >= MAX_DEPTH) {
        throw new ConfigException(path, "import cycle through " + file);
      }
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
        read.put(file, text);
      } catch (IOException e) {
        throw new ConfigException(path, "cannot import " + file + ": " + e.getMessage());
      }
      JsonNode imported;
      try {
        imported = ConfigText.parseAny(text, params);
      } catch (ConfigException e) {
        throw new ConfigException(path, "in imported " + file + ": " + e.getMessage());
      }
      stack.push(file);
      try {
        Path dir = file.getParent() == null ? baseDir : file.getParent();
        return expand(imported, dir, path);
      } finally {
        stack.pop();
      }
    }
    if (node instanceof ObjectNode obj) {
      for (var e : obj.properties()) {
        JsonNode replaced = expand(e.getValue(), baseDir, path + "." + e.getKey());
        if (replaced != e.getValue()) {
          obj.set(e.getKey(), replaced);
        }
      }
    } else if (node instanceof ArrayNode arr) {
      for (int i = 0; i < arr.size(); i++) {
        JsonNode replaced = expand(arr.get(i), baseDir, path + "[" + i + "]");
        if (replaced != arr.get(i)) {
          arr.set(i, replaced);
        }
      }
    }
    return node;
  }
}
