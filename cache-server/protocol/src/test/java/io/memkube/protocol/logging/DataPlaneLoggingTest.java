package io.memkube.protocol.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DataPlaneLoggingTest {
  private final PrintStream stderr = System.err;

  @AfterEach
  void restore() {
    System.setErr(stderr);
    LogManager.getLogManager().reset();
  }

  private String logged(boolean verbose, Runnable logging) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    DataPlaneLogging.install(verbose);
    logging.run();
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aRecordIsOneLineWithTimeLevelLoggerAndMessage() {
    String out =
        logged(false, () -> Logger.getLogger("io.memkube.test").warning("pages exhausted"));
    assertEquals(1, out.lines().count(), out);
    assertTrue(
        out.matches(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z WARNING io.memkube.test:"
                + " pages exhausted\\R"),
        out);
  }

  @Test
  void infoShowsOnlyWhenVerbose() {
    assertEquals("", logged(false, () -> Logger.getLogger("x").info("listening")));
    assertTrue(logged(true, () -> Logger.getLogger("x").info("listening")).contains("listening"));
  }
}
