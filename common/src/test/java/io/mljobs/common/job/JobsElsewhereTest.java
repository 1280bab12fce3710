package io.mljobs.common.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.testing.ConfigFixture;
import io.mljobs.common.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline's config holds a section for a job whose class is not in this jar (the demo's
 * generate-demo-data, in the demo jar): {@code mljobs.jobs-elsewhere} names it, and the other jobs
 * accept its section; without it, the section is an unknown key (exit 2), as a typo is.
 */
@ExtendWith(SharedSpark.class)
class JobsElsewhereTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... overrides) {
    err.reset();
    ConfigFixture conf = ConfigFixture.create(tmp, tmp.resolve("warehouse"));
    return new JobRunner(
            JobRegistry.of(new JobConsoleTest.PrintingJob()),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(
            new JobInvocation(
                "print-report",
                conf.request("local", overrides),
                LocalDate.of(2026, 11, 26),
                "elsewhere-" + overrides.length,
                false));
  }

  @Test
  void aSectionOfAJobInAnotherJarIsAcceptedWhenDeclared() {
    assertEquals(
        0,
        run("mljobs.jobs.generate-demo-data.days=3", "mljobs.jobs-elsewhere=[generate-demo-data]"),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anUndeclaredJobSectionIsStillAnUnknownKey() {
    assertEquals(2, run("mljobs.jobs.generate-demo-data.days=3"));
    String error = err.toString(StandardCharsets.UTF_8);
    assertTrue(error.contains("Unknown config key 'mljobs.jobs.generate-demo-data'"), error);
  }
}
