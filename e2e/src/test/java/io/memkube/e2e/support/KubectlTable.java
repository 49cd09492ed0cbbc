package io.memkube.e2e.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table {@code kubectl get} prints, read by column name. kubectl aligns every cell under its
 * header and leaves a cell blank when the field is unset, so cells are cut at the header's column
 * starts rather than split on spaces.
 */
public record KubectlTable(List<String> header, List<Map<String, String>> rows) {

  private static final Pattern HEADER_CELL = Pattern.compile("\\S+");

  /** Parses {@code kubectl get} output with its header line. */
  public static KubectlTable parse(String output) {
    List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("kubectl printed nothing");
    }
    List<String> header = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    Matcher matcher = HEADER_CELL.matcher(lines.getFirst());
    while (matcher.find()) {
      header.add(matcher.group());
      starts.add(matcher.start());
    }
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        int from = Math.min(starts.get(i), line.length());
        int to = i + 1 < starts.size() ? Math.min(starts.get(i + 1), line.length()) : line.length();
        row.put(header.get(i), line.substring(from, to).trim());
      }
      rows.add(row);
    }
    return new KubectlTable(List.copyOf(header), List.copyOf(rows));
  }

  /** The only row; fails when there is not exactly one. */
  public Map<String, String> single() {
    if (rows.size() != 1) {
      throw new IllegalStateException("expected one row, got " + rows.size() + ": " + rows);
    }
    return rows.getFirst();
  }
}
