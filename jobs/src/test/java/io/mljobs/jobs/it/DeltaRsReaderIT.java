package io.mljobs.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.delta.DeltaOutput;
import io.mljobs.common.delta.TablePolicy;
import io.mljobs.common.delta.TableVersions;
import io.mljobs.common.testing.SharedSpark;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads a Delta table written the way every mljobs job writes (transaction ids, run metadata, table
 * properties, a merge) with an independent reader, delta-rs (the {@code deltalake} Python package
 * that scripts/tools/deltalake installs): the latest version and a time-travel version hold exactly
 * the rows Spark reads.
 */
@ExtendWith(SharedSpark.class)
class DeltaRsReaderIT {
  static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.LongType, false)
          .add("name", DataTypes.StringType)
          .add("amount", DataTypes.createDecimalType(12, 2))
          .add("day", DataTypes.DateType);

  static final String READER =
      String.join(
          "\n",
          "import sys",
          "from deltalake import DeltaTable",
          "path, version = sys.argv[1], sys.argv[2]",
          "dt = DeltaTable(path) if version == 'latest' else DeltaTable(path, version=int(version))",
          "print('version', dt.version())",
          "rows = dt.to_pyarrow_table().to_pylist()",
          "for r in sorted(rows, key=lambda r: r['id']):",
          "    print('|'.join('' if r[c] is None else str(r[c]) for c in ('id', 'name', 'amount', 'day')))",
          // delta-rs' runtime can abort while the interpreter tears down; the output is complete.
          "sys.stdout.flush()",
          "import os",
          "os._exit(0)");

  @TempDir Path tmp;

  static Row row(long id, String name, String amount, String day) {
    return RowFactory.create(id, name, new BigDecimal(amount), Date.valueOf(LocalDate.parse(day)));
  }

  List<String> deltaRs(String path, String version) throws Exception {
    Path script = Files.writeString(tmp.resolve("read.py"), READER);
    Path out = tmp.resolve("out-" + version + ".txt");
    Process p =
        new ProcessBuilder(
                ServiceEnv.projectRoot().resolve("scripts/tools/deltalake").toString(),
                "python",
                script.toString(),
                path,
                version)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "delta-rs reader timed out");
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "delta-rs reader failed:\n" + String.join("\n", lines));
    return lines;
  }

  static List<String> spark(Dataset<Row> rows, long version) {
    List<String> lines = new ArrayList<>();
    lines.add("version " + version);
    for (Row r : rows.orderBy("id").collectAsList()) {
      lines.add(
          r.getLong(0)
              + "|"
              + (r.isNullAt(1) ? "" : r.getString(1))
              + "|"
              + r.getDecimal(2).toPlainString()
              + "|"
              + r.getDate(3));
    }
    return lines;
  }

  @Test
  void latestAndTimeTravelVersionsMatchWhatSparkReads(SparkSession spark) throws Exception {
    String path = tmp.resolve("warehouse/silver/scores").toString();
    DeltaOutput out =
        DeltaOutput.to(path)
            .named("silver.scores")
            .policy(TablePolicy.defaults())
            .userMetadata(Map.of("run_id", "r1", "job", "test", "run_date", "2026-11-06"));
    out.idempotent("test/r1", 0)
        .append()
        .execute(
            spark.createDataFrame(
                List.of(row(1, "a", "1.50", "2026-11-06"), row(2, null, "2.00", "2026-11-06")),
                SCHEMA));
    out.idempotent("test/r2", 0)
        .mergeOn("id")
        .execute(
            spark.createDataFrame(
                List.of(row(2, "b", "2.25", "2026-11-07"), row(3, "c", "3.00", "2026-11-07")),
                SCHEMA));

    TableVersions versions = TableVersions.of(spark, path, "silver.scores");
    long latest = versions.latest().version();
    assertEquals(1, latest);
    List<String> expectedLatest = spark(versions.read(latest), latest);
    assertEquals(expectedLatest, deltaRs(path, "latest"));
    assertEquals(
        List.of("version 1", "1|a|1.50|2026-11-06", "2|b|2.25|2026-11-07", "3|c|3.00|2026-11-07"),
        expectedLatest);
    List<String> expectedOld = spark(versions.read(0), 0);
    assertEquals(expectedOld, deltaRs(path, "0"));
    assertEquals(List.of("version 0", "1|a|1.50|2026-11-06", "2||2.00|2026-11-06"), expectedOld);
  }
}
