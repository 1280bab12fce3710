package io.mljobs.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.testing.Await;
import io.mljobs.common.testing.SharedSpark;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kills {@code publish-snowflake} (a separate spark-submit JVM, SIGKILL) after it filled the
 * staging table and before the apply transaction, then retries the same run id: the target keeps
 * its old rows until the retry, which publishes the new version exactly once.
 */
@ExtendWith(SharedSpark.class)
class PublishSnowflakeCrashIT extends PublishFixture {

  /**
   * publish-snowflake in a JVM of its own (the test's class path), with {@link PausedPublish}'s
   * hook holding it between staging and apply.
   */
  private Process publishInOwnJvm(String runId, Path log) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    // Spark's --add-opens list, as this JVM got it from the build.
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.") || a.startsWith("-Dio."))
        .forEach(command::add);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
            PausedPublish.class.getName(),
            "publish-snowflake",
            "--config",
            conf().pipelineDir().toString(),
            "--run-date",
            DAY2.toString(),
            "--run-id",
            runId));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(ServiceEnv.projectRoot().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    return builder.start();
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  @Test
  void killedBetweenStagingAndApplyLeavesTheTargetAsItWasAndTheRetryCompletes(SparkSession spark)
      throws Exception {
    writeSource(spark, "old", DAY1, row(1, "a", "1.00", DAY1), row(2, "b", "2.00", DAY1));
    assertEquals(0, publish("publish-old", DAY1).exit());
    List<List<String>> old = target();
    writeSource(
        spark,
        "new",
        DAY2,
        row(2, "b2", "2.50", DAY2),
        row(3, "c", "3.00", DAY2),
        row(4, "d", "4.00", DAY2));

    Path log = tmp().resolve("crash.log");
    Process first = publishInOwnJvm("publish-new", log);
    Await.until(
        "the staging table to be filled (log: " + log + ")",
        Duration.ofMinutes(4),
        () -> !first.isAlive() || read(log).contains(PausedPublish.STAGED));
    assertTrue(first.isAlive(), "the job paused after staging:\n" + Files.readString(log));
    String staging =
        Files.readString(log)
            .lines()
            .filter(l -> l.contains(PausedPublish.STAGED))
            .findFirst()
            .orElseThrow()
            .replaceAll(".*staged into ([A-Z0-9_.$]+);.*", "$1");
    assertEquals(3, Long.parseLong(sf().rows("SELECT COUNT(*) FROM " + staging).get(0).get(0)));
    first.destroyForcibly(); // SIGKILL: no shutdown hooks, no rollback from the client
    assertTrue(first.waitFor(1, TimeUnit.MINUTES));
    assertNotEquals(0, first.exitValue());

    assertEquals(old, target(), "the target is unchanged by the killed run");
    assertEquals(
        0,
        sf().rows("SELECT * FROM " + sf().table("PUBLISH_LOG") + " WHERE RUN_ID = 'publish-new'")
            .size());

    Run retry = publish("publish-new", DAY2);
    assertEquals(0, retry.exit(), retry.err());
    assertFalse(retry.manifest().outputs().get(0).skipped());
    assertEquals(
        List.of(r(2, "b2", "2.50", DAY2), r(3, "c", "3.00", DAY2), r(4, "d", "4.00", DAY2)),
        target(),
        "the retry published the new version, each row once");
    assertEquals(
        1,
        sf().rows("SELECT * FROM " + sf().table("PUBLISH_LOG") + " WHERE RUN_ID = 'publish-new'")
            .size());
    assertFalse(sf().exists(staging.substring(staging.lastIndexOf('.') + 1)), "staging dropped");
  }
}
