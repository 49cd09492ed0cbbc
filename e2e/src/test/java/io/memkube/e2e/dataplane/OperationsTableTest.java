package io.memkube.e2e.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperationsTableTest {

  @Test
  void eachOperationIsARowWithItsFailedShareAndKeptKeys(@TempDir Path dir) throws Exception {
    OperationsTable table = new OperationsTable();
    table.add(
        new OperationsTable.Row(
            "scale 3->4", new SteadyTraffic.Counts(2000, 50), 762, 1000, Duration.ofSeconds(31)));
    String markdown = table.markdown();
    assertEquals(3, markdown.lines().count(), markdown);
    assertTrue(markdown.contains("| scale 3->4 | 2000 | 50 | 2.5% | 762/1000 | 31 s |"), markdown);

    table.write(dir.resolve("out/ops.md"));
    assertTrue(Files.readString(dir.resolve("out/ops.md")).endsWith(markdown));
  }
}
