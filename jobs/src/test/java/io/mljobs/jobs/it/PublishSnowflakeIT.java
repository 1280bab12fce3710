package io.mljobs.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.manifest.InputRecord;
import io.mljobs.common.manifest.OutputRecord;
import java.net.ServerSocket;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * {@code publish-snowflake}'s jdbc path over the wire, with the real snowflake-jdbc driver, against
 * the Snowflake-protocol server of scripts/services/snowflake: each mode, an idempotent retry, and
 * the failures a user meets first.
 */
class PublishSnowflakeIT extends PublishFixture {
  // ---- modes -----------------------------------------------------------------------------

  @Test
  void replaceSwitchesToTheNewVersionAndARetryOfTheRunChangesNothing(SparkSession spark)
      throws Exception {
    long v0 =
        writeSource(spark, "score_1", DAY1, row(1, "a", "1.50", DAY1), row(2, "b", "2.00", DAY1));
    Run first = publish("pub-1", DAY1);
    assertEquals(0, first.exit(), first.err());
    assertEquals(List.of(r(1, "a", "1.50", DAY1), r(2, "b", "2.00", DAY1)), target());

    InputRecord in = first.manifest().inputs().get(0);
    assertEquals("silver.scores", in.name());
    assertEquals(v0, in.version());
    OutputRecord outRec = first.manifest().outputs().get(0);
    assertEquals("snowflake", outRec.kind());
    assertEquals("MLJOBS." + sf.schema() + ".SCORES", outRec.location());
    assertEquals("replace", outRec.mode());
    assertEquals(2L, outRec.rows());
    assertFalse(outRec.skipped());
    assertFalse(
        ((List<?>) outRec.details().get("query_ids")).isEmpty(), outRec.details().toString());
    assertFalse(first.manifestJson().contains(SECRET), "no secret in the manifest");
    assertFalse(
        sf.exists(((String) outRec.details().get("staging_table")).split("\\.")[2]),
        "the staging table is dropped after the apply");
    assertEquals(
        List.of(r("pub-1", "MLJOBS." + sf.schema() + ".SCORES", "replace", v0, 2)),
        sf.rows(
            "SELECT RUN_ID, TARGET_TABLE, MODE, SOURCE_VERSION, ROWS_WRITTEN FROM "
                + sf.table("PUBLISH_LOG")));

    // The same run id again: the log is checked first, nothing changes.
    writeSource(spark, "score_2", DAY2, row(7, "z", "9.99", DAY2));
    Run again = publish("pub-1", DAY1);
    assertEquals(0, again.exit(), again.err());
    assertTrue(again.manifest().outputs().get(0).skipped(), again.out());
    assertEquals(List.of(r(1, "a", "1.50", DAY1), r(2, "b", "2.00", DAY1)), target());
    assertEquals(1, sf.count("PUBLISH_LOG"));

    // A new run publishes the new version: exactly its rows.
    Run next = publish("pub-2", DAY2);
    assertEquals(0, next.exit(), next.err());
    assertEquals(List.of(r(7, "z", "9.99", DAY2)), target());
    assertEquals(2, sf.count("PUBLISH_LOG"));
  }

  @Test
  void mergeUpdatesMatchingKeysAndInsertsTheRest(SparkSession spark) throws Exception {
    writeSource(spark, "s1", DAY1, row(1, "a", "1.00", DAY1), row(2, "b", "2.00", DAY1));
    String[] merge = {M + "mode=merge", M + "keys=[id]"};
    assertEquals(0, publish("m-1", DAY1, merge).exit());
    writeSource(spark, "s2", DAY2, row(2, "b2", "2.50", DAY2), row(3, "c", "3.00", DAY2));
    Run second = publish("m-2", DAY2, merge);
    assertEquals(0, second.exit(), second.err());
    assertEquals(
        List.of(r(1, "a", "1.00", DAY1), r(2, "b2", "2.50", DAY2), r(3, "c", "3.00", DAY2)),
        target());
    assertEquals(2L, second.manifest().outputs().get(0).rows());
  }

  @Test
  void appendPartitionReplacesOnlyTheRunDate(SparkSession spark) throws Exception {
    String[] byDay = {M + "mode=append-partition", M + "partition-column=day"};
    writeSource(
        spark,
        "s1",
        DAY2,
        row(1, "a", "1.00", DAY1),
        row(2, "b", "2.00", DAY1),
        row(3, "c", "3.00", DAY2));
    assertEquals(0, publish("p-day1", DAY1, byDay).exit());
    Run day2 = publish("p-day2", DAY2, byDay);
    assertEquals(0, day2.exit(), day2.err());
    assertEquals(
        List.of(r(1, "a", "1.00", DAY1), r(2, "b", "2.00", DAY1), r(3, "c", "3.00", DAY2)),
        target());
    assertEquals(
        DAY2.toString(), day2.manifest().outputs().get(0).details().get("partition_value"));

    // Day 2 is corrected upstream and re-published by a new run: day 1 stays as it was.
    writeSource(spark, "s2", DAY2, row(1, "a", "1.00", DAY1), row(4, "d", "4.00", DAY2));
    Run fix = publish("p-day2-fix", DAY2, byDay);
    assertEquals(0, fix.exit(), fix.err());
    assertEquals(
        List.of(r(1, "a", "1.00", DAY1), r(2, "b", "2.00", DAY1), r(4, "d", "4.00", DAY2)),
        target());
    assertEquals(
        1L,
        fix.manifest().outputs().get(0).details().get("rows_deleted") instanceof Number n
            ? n.longValue()
            : -1L);
  }

  @Test
  void defaultVersionIsTheOneThisRunMadeAndOlderVersionsCanBeChosen(SparkSession spark)
      throws Exception {
    long v0 = writeSource(spark, "ingest-1", DAY1, row(1, "old", "1.00", DAY1));
    writeSource(spark, "ingest-2", DAY2, row(2, "new", "2.00", DAY2));
    // version = run: the version committed by this run id (ingest-1 here, not the latest).
    Run byRun = publish("ingest-1", DAY1, M + "version=run");
    assertEquals(0, byRun.exit(), byRun.err());
    assertEquals(List.of(r(1, "old", "1.00", DAY1)), target());
    assertEquals(v0, byRun.manifest().inputs().get(0).version());

    Run explicit = publish("pub-x", DAY2, M + "version=run:ingest-2");
    assertEquals(0, explicit.exit(), explicit.err());
    assertEquals(List.of(r(2, "new", "2.00", DAY2)), target());
  }

  // ---- bad input -------------------------------------------------------------------------

  @Test
  void aTargetWithOtherColumnsIsRejectedWithEveryDifferenceListed(SparkSession spark)
      throws Exception {
    writeSource(spark, "s1", DAY1, row(1, "a", "1.00", DAY1));
    sf.execute(
        "CREATE TABLE "
            + sf.table("SCORES")
            + " (ID NUMBER(38,0), NAME NUMBER(38,0), DAY DATE, EXTRA VARCHAR)");
    sf.execute("INSERT INTO " + sf.table("SCORES") + " VALUES (9, 9, '2026-01-01', 'keep')");
    Run run = publish("bad-schema", DAY1);
    assertEquals(1, run.exit(), run.err());
    assertTrue(run.err().contains("does not match silver.scores"), run.err());
    assertTrue(run.err().contains("not in the target: AMOUNT NUMBER(12,2)"), run.err());
    assertTrue(run.err().contains("only in the target: EXTRA TEXT"), run.err());
    assertTrue(run.err().contains("NAME (source TEXT, target NUMBER)"), run.err());
    assertEquals(1, sf.count("SCORES"), "the target is untouched");
  }

  @Test
  void duplicateMergeKeysAreRejectedBeforeAnythingIsWritten(SparkSession spark) throws Exception {
    writeSource(
        spark,
        "s1",
        DAY1,
        row(1, "a", "1.00", DAY1),
        row(1, "a2", "1.00", DAY1),
        row(2, "b", "2.00", DAY1));
    Run run = publish("dups", DAY1, M + "mode=merge", M + "keys=[id]");
    assertEquals(1, run.exit());
    assertTrue(run.err().contains("merge keys [ID] are not unique"), run.err());
    assertTrue(run.err().contains("ID=1 (2 rows)"), run.err());
    assertFalse(sf.exists("SCORES"), "nothing was written");
  }

  @Test
  void identifiersThatAreNotSnowflakeIdentifiersAreRejectedAsConfig(SparkSession spark)
      throws Exception {
    writeSource(spark, "s1", DAY1, row(1, "a", "1.00", DAY1));
    Run run = publish("bad-id", DAY1, M + "target=SCORES; DROP TABLE X");
    assertEquals(2, run.exit(), run.err());
    assertTrue(run.err().contains("scores\".target'"), run.err());
    assertTrue(run.err().contains("must be a Snowflake identifier"), run.err());
    Run keys = publish("bad-key", DAY1, M + "mode=merge", M + "keys=[\"id) OR (1=1\"]");
    assertEquals(2, keys.exit(), keys.err());
    assertTrue(keys.err().contains("scores\".keys'"), keys.err());
  }

  @Test
  void unknownTableOrVersionFailsWithWhatExists(SparkSession spark) throws Exception {
    Run noTable = publish("u1", DAY1);
    assertEquals(1, noTable.exit());
    assertTrue(noTable.err().contains("Table silver.scores does not exist"), noTable.err());
    writeSource(spark, "s1", DAY1, row(1, "a", "1.00", DAY1));
    Run noVersion = publish("u2", DAY1, M + "version=42");
    assertEquals(1, noVersion.exit());
    assertTrue(
        noVersion.err().contains("has no version 42 (versions in history: 0..0"), noVersion.err());
    Run noRun = publish("u3", DAY1, M + "version=run:nobody");
    assertTrue(noRun.err().contains("no version committed by run 'nobody'"), noRun.err());
  }

  @Test
  void aServerThatIsDownFailsWithinTheTimeoutAndSaysWhatToDo(SparkSession spark) throws Exception {
    writeSource(spark, "s1", DAY1, row(1, "a", "1.00", DAY1));
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String url = "jdbc:snowflake://127.0.0.1:" + port + "/?ssl=off&account=fakesnow";
    Run run = publish("down", DAY1, "mljobs.jobs.publish-snowflake.connection.url=" + url);
    assertEquals(1, run.exit(), run.err());
    assertTrue(
        run.err().contains("Cannot reach Snowflake at 127.0.0.1:" + port + " (connection refused)"),
        run.err());
    assertTrue(run.err().contains("scripts/services/snowflake start"), run.err());
    assertFalse(run.err().contains(SECRET));
  }

  /**
   * fakesnow accepts any user and password (and creates the connection's database and schema), so a
   * refused login cannot be provoked here; the message for Snowflake's code 390100 is unit-tested
   * in SnowflakeErrorsTest. What the server does refuse is a database it does not have: the same
   * path (a clear message, no secret in it or in the manifest).
   */
  @Test
  void aDatabaseTheServerDoesNotHaveIsNamedWithoutTheSecret(SparkSession spark) throws Exception {
    writeSource(spark, "s1", DAY1, row(1, "a", "1.00", DAY1));
    Run run = publish("nodb", DAY1, M + "target=NO_SUCH_DB.NO_SCHEMA.SCORES");
    assertEquals(1, run.exit(), run.err());
    assertTrue(run.err().contains("NO_SUCH_DB"), run.err());
    assertTrue(run.err().contains("does not exist"), run.err());
    assertFalse(run.err().contains(SECRET), run.err());
    assertNotNull(run.manifest());
    assertFalse(run.manifestJson().contains(SECRET));
  }
}
