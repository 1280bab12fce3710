package io.mljobs.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failing run through {@code scripts/mljobs} (spark-submit, the shipped log4j2 configuration), as
 * a user sees it: stderr holds the one-line error naming the broken file and nothing else (no Spark
 * ERROR lines, no stack traces); Spark's own log lines are in the log file the run names.
 */
class ErrorOutputIT {
  @TempDir Path tmp;

  /** A gzip file cut off halfway, as a transfer that died leaves it. */
  private static byte[] truncatedGzip() throws Exception {
    StringBuilder csv =
        new StringBuilder(
            "transaction_id,event_ts,customer_id,card_id,merchant_id,merchant_category,amount,"
                + "currency,channel,country,entry_mode\n");
    for (int i = 0; i < 20_000; i++) {
      csv.append("t-")
          .append(i)
          .append(",2026-11-01T10:00:00Z,c1,k1,m1,grocery,")
          .append(i % 997)
          .append(".50,EUR,pos,DE,chip\n");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(csv.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] whole = bytes.toByteArray();
    return Arrays.copyOf(whole, whole.length / 2);
  }

  @Test
  void aFailedRunEndsWithOneErrorLineNamingTheFileAndKeepsSparksLogInTheNamedFile()
      throws Exception {
    Path pos = Files.createDirectories(tmp.resolve("data/raw/pos"));
    Path bad = Files.write(pos.resolve("transactions_2026-11-01.csv.gz"), truncatedGzip());
    Path logs = tmp.resolve("logs");
    Path stdout = tmp.resolve("stdout.txt");
    Path stderr = tmp.resolve("stderr.txt");
    Path root = ServiceEnv.projectRoot();
    ProcessBuilder builder =
        new ProcessBuilder(
                root.resolve("scripts/mljobs").toString(),
                "ingest-files",
                "--config",
                "conf/pipelines/demo",
                "--run-date",
                "2026-11-01",
                "--set",
                "mljobs.jobs.ingest-files.sources=[pos_transactions]",
                "--set",
                "mljobs.sources.pos_transactions.glob=transactions_*.csv.gz")
            .directory(root.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    builder.environment().put("MLJOBS_WAREHOUSE", tmp.resolve("warehouse").toString());
    builder.environment().put("MLJOBS_DEMO_DATA", tmp.resolve("data").toString());
    builder.environment().put("MLJOBS_DRIVER_MEMORY", "1g");
    builder.environment().put("MLJOBS_LOG_DIR", logs.toString());
    Process run = builder.start();
    assertTrue(run.waitFor(5, TimeUnit.MINUTES), "the run did not end");

    String out = Files.readString(stdout);
    List<String> err = Files.readAllLines(stderr).stream().filter(l -> !l.isBlank()).toList();
    assertEquals(1, run.exitValue(), out + String.join("\n", err));
    assertEquals(1, err.size(), "stderr is the one-line error alone:\n" + String.join("\n", err));
    String error = err.get(0);
    assertTrue(error.startsWith("ERROR: Ingesting source 'pos_transactions' from "), error);
    assertTrue(
        error.contains("failed: file:" + bad + ": Unexpected end of input stream. Fix or move"),
        "the error names the broken file: " + error);

    String pointer =
        out.lines()
            .filter(l -> l.startsWith("[mljobs] Details: Spark's own log: "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no pointer to Spark's log in:\n" + out));
    Path log = Path.of(pointer.substring("[mljobs] Details: Spark's own log: ".length()));
    assertTrue(log.startsWith(logs.toRealPath()), log + " is under MLJOBS_LOG_DIR");
    String sparkLog = Files.readString(log);
    assertTrue(sparkLog.contains(" ERROR "), "Spark's ERROR lines are in the log:\n" + sparkLog);
    assertTrue(sparkLog.contains("java.io.EOFException: Unexpected end of input stream"), sparkLog);
    assertTrue(sparkLog.contains("\tat "), "with their stack traces");
    assertTrue(
        out.lines().noneMatch(l -> l.contains(" ERROR ") || l.startsWith("\tat ")),
        "no Spark log lines on stdout either:\n" + out);
  }
}
