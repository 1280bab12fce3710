package io.mljobs.common.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class FailuresTest {
  @TempDir Path tmp;

  /** A gzip file cut off halfway, as a transfer that died leaves it. */
  private static byte[] truncatedGzip() throws Exception {
    StringBuilder csv = new StringBuilder("id,name\n");
    for (int i = 0; i < 20_000; i++) {
      csv.append(i).append(",name-").append(i * 7919 % 10_007).append('\n');
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(csv.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] whole = bytes.toByteArray();
    return Arrays.copyOf(whole, whole.length / 2);
  }

  @Test
  void aCorruptGzipIsNamedInTheOneLineMessage(SparkSession spark) throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(folder.resolve("day-1.csv"), "id,name\n1,a\n");
    Path bad = Files.write(folder.resolve("day 2.csv.gz"), truncatedGzip());

    Exception failure =
        assertThrows(
            Exception.class,
            () -> spark.read().option("header", "true").csv(folder.toString()).count());
    assertTrue(
        !Failures.rootMessage(failure).contains("day 2"),
        "Spark's own error does not name the file: " + Failures.rootMessage(failure));

    String message =
        Failures.rootMessage(
            failure, spark.sparkContext().hadoopConfiguration(), folder.toString());
    assertEquals("file:" + bad + ": Unexpected end of input stream", message);
  }

  @Test
  void aFileThatSparkNamesIsTakenFromTheChain() {
    RuntimeException failure =
        new RuntimeException(
            "Job aborted",
            new IllegalStateException(
                "Encountered error while reading file file:///in/day%202.parquet. Details:",
                new java.io.IOException(
                    "can not read class org.apache.parquet.format.PageHeader")));
    assertEquals("file:///in/day 2.parquet", Failures.culpritFile(failure));
    assertEquals(
        "file:///in/day 2.parquet: can not read class org.apache.parquet.format.PageHeader",
        Failures.rootMessage(failure));
  }

  @Test
  void aMessageWrittenForTheUserWinsOverTheInnermostCause() {
    RuntimeException wrapped =
        new RuntimeException(
            "Stream failed",
            new JobFailure(
                "Table x is being written by run 'r2'.", new IllegalStateException("x")));
    assertEquals("Table x is being written by run 'r2'.", Failures.rootMessage(wrapped));
    assertEquals("", Failures.adviceFor(wrapped, ". Fix the file."));
    assertEquals(
        ". Fix the file.",
        Failures.adviceFor(new IllegalStateException("bad row"), ". Fix the file."));
  }
}
