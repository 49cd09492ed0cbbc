package io.memkube.e2e.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class KubectlTableTest {

  @Test
  void readsCellsByColumnName() {
    KubectlTable table =
        KubectlTable.parse(
            """
            NAME    REPLICAS   READY   MEMORY   PROXY   STATUS   AGE
            cache   3          3       64Mi     3       Ready    2m10s
            """);

    assertEquals(
        List.of("NAME", "REPLICAS", "READY", "MEMORY", "PROXY", "STATUS", "AGE"), table.header());
    assertEquals("64Mi", table.single().get("MEMORY"));
    assertEquals("Ready", table.single().get("STATUS"));
  }

  @Test
  void blankCellsOfUnsetFieldsReadAsEmpty() {
    KubectlTable table =
        KubectlTable.parse(
            """
            NAME   AGE   MEMORY   REPLICAS   STATUS   PROXY   READY
            t      0s    64Mi     3
            """);

    assertEquals("3", table.single().get("REPLICAS"));
    assertEquals("", table.single().get("STATUS"));
    assertEquals("", table.single().get("READY"));
  }
}
