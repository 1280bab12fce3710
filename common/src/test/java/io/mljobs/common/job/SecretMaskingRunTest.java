package io.mljobs.common.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.config.Secret;
import io.mljobs.common.config.Settings;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.testing.ConfigFixture;
import io.mljobs.common.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run with a short secret ({@code snow}, as the local Snowflake stand-in uses): the names
 * around it stay readable in the error line and the manifest, and the secret is masked where it
 * appears (a URL's password, a driver message's {@code password=}) (issue 12, item 3).
 */
@ExtendWith(SharedSpark.class)
class SecretMaskingRunTest {
  @TempDir Path tmp;

  /** Logs in with its secret and fails as a driver that echoes the URL would. */
  static final class LeakyLoginJob implements SparkJob<Secret> {
    @Override
    public String name() {
      return "publish-snowflake";
    }

    @Override
    public String description() {
      return "Fails like a driver that echoes its URL (test job).";
    }

    @Override
    public Secret configure(Settings mljobs) {
      Settings own = mljobs.section("jobs").section(name());
      own.string("url");
      return own.secret("password");
    }

    @Override
    public JobResult run(JobContext<Secret> context) {
      throw new JobFailure(
          "publish-snowflake: login to jdbc:snowflake://h/?user=fake&password="
              + context.config().reveal()
              + " failed (driver: password="
              + context.config().reveal()
              + " refused for SNOWFLAKE_USER). Check PUBLISH_LOG.");
    }
  }

  @Test
  void shortSecretIsMaskedWhereItAppearsAndNowhereElse() throws Exception {
    Path secret = Files.writeString(tmp.resolve("sf.secret"), "snow\n");
    ConfigFixture conf = ConfigFixture.create(tmp, tmp.resolve("warehouse"));
    conf.pipeline(
        "mljobs.pipeline = publish-snowflake\n"
            + "mljobs.jobs.publish-snowflake { url = \"jdbc:snowflake://h/?user=fake&password=snow\","
            + " password-file = \""
            + secret
            + "\" }\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new JobRunner(
                JobRegistry.of(new LeakyLoginJob()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(
                new JobInvocation(
                    "publish-snowflake",
                    conf.request("local"),
                    LocalDate.of(2026, 11, 26),
                    "snow-1",
                    false));

    assertEquals(1, exit);
    assertEquals(
        "ERROR: publish-snowflake: login to jdbc:snowflake://h/?user=fake&password=****** failed"
            + " (driver: password=****** refused for SNOWFLAKE_USER). Check PUBLISH_LOG.",
        err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse(""));
    String manifestLine =
        out.toString(StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.startsWith("[mljobs] Run manifest: "))
            .findFirst()
            .orElseThrow();
    String manifest = Files.readString(Path.of(manifestLine.substring(23).trim()));
    assertTrue(manifest.contains("\"publish-snowflake\""), manifest);
    assertTrue(manifest.contains("password=******"), manifest);
    assertFalse(manifest.contains("******flake"), manifest);
    assertFalse(manifest.contains("password=snow"), manifest);
    assertFalse(manifest.contains("******_"), manifest);
  }
}
