package io.memkube.e2e.dataplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The data-plane baseline: for each operation under steady traffic, how many requests failed and
 * what share of the keys written before it still hit after it. Printed, and kept in the build's
 * output as markdown.
 */
final class OperationsTable {

  /** One operation's figures. */
  record Row(
      String operation, SteadyTraffic.Counts traffic, int keysKept, int keys, Duration took) {}

  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  synchronized void add(Row row) {
    rows.add(row);
  }

  /** A line printed under the table (a figure that is not one per row). */
  synchronized void note(String line) {
    notes.add(line);
  }

  synchronized List<Row> rows() {
    return List.copyOf(rows);
  }

  synchronized String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("| operation | requests | failed | failed % | keys still hit | took |\n");
    out.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (Row r : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %.1f%% | %d/%d | %d s |%n",
              r.operation(),
              r.traffic().requests(),
              r.traffic().failed(),
              100 * r.traffic().failedShare(),
              r.keysKept(),
              r.keys(),
              r.took().toSeconds()));
    }
    if (!notes.isEmpty()) {
      out.append('\n');
      notes.forEach(n -> out.append("- ").append(n).append('\n'));
    }
    return out.toString();
  }

  /** Writes the table (with a heading saying how it was measured) to {@code file}. */
  void write(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          "# memkube data plane under operations (real node, e2e DataPlaneIT)\n\n"
              + "Steady traffic through the node-local proxy: "
              + SteadyTraffic.REQUESTS_PER_TICK
              + " requests every "
              + SteadyTraffic.TICK.toMillis()
              + " ms (set and get in turn); keys written through the proxy before the operation"
              + " and read after it.\n\n"
              + markdown());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
