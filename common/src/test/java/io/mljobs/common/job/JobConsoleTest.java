package io.mljobs.common.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.config.Settings;
import io.mljobs.common.testing.CapturingConsole;
import io.mljobs.common.testing.ConfigFixture;
import io.mljobs.common.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A job prints through {@link JobContext#console()}: to the runner's output, not System.out. */
@ExtendWith(SharedSpark.class)
class JobConsoleTest {
  @TempDir Path tmp;

  /** Prints a report the way jobs do, without a Spark action. */
  static final class PrintingJob implements SparkJob<Object> {
    @Override
    public String name() {
      return "print-report";
    }

    @Override
    public String description() {
      return "Prints two lines (test job).";
    }

    @Override
    public Object configure(Settings mljobs) {
      return new Object();
    }

    @Override
    public JobResult run(JobContext<Object> context) {
      context.console().print("report of " + context.runDate() + ":\n");
      context.console().println("  -> 3 row(s)");
      return JobResult.ok("printed");
    }
  }

  @Test
  void whatAJobPrintsGoesToTheRunnersOutputAndNotToSystemOut() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ConfigFixture conf = ConfigFixture.create(tmp, tmp.resolve("warehouse"));
    PrintStream original = System.out;
    int code;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    try {
      code =
          new JobRunner(
                  JobRegistry.of(new PrintingJob()),
                  new PrintStream(out, true, StandardCharsets.UTF_8),
                  new PrintStream(err, true, StandardCharsets.UTF_8))
              .run(
                  new JobInvocation(
                      "print-report",
                      conf.request("local"),
                      LocalDate.of(2026, 11, 26),
                      "print-1",
                      false));
    } finally {
      System.setOut(original);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    assertTrue(printed.contains("report of 2026-11-26:\n  -> 3 row(s)"), printed);
    assertFalse(
        stdout.toString(StandardCharsets.UTF_8).contains("report of"),
        "nothing on System.out: " + stdout);
  }

  @Test
  void aCapturingConsoleKeepsPrintsAndLines() {
    CapturingConsole console = new CapturingConsole();
    console.print("a");
    console.println("b");
    console.println("c");
    assertEquals("ab" + System.lineSeparator() + "c" + System.lineSeparator(), console.text());
    assertEquals(List.of("ab", "c"), console.lines());
  }
}
