package io.mljobs.jobs.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SnowflakeSqlTest {
  static final SnowflakeIdentifier DB = new SnowflakeIdentifier("analytics");
  static final SnowflakeIdentifier SCHEMA = new SnowflakeIdentifier("ml");
  static final SnowflakeTable TARGET =
      new SnowflakeTable(DB, SCHEMA, new SnowflakeIdentifier("scores"));
  static final SnowflakeTable STAGING =
      TARGET.sibling(new SnowflakeIdentifier("SCORES__MLJOBS_STAGE_AB"));
  static final List<SnowflakeColumn> COLUMNS =
      SnowflakeColumn.of(
          new StructType()
              .add("id", DataTypes.LongType)
              .add("amount", DataTypes.createDecimalType(12, 2))
              .add("day", DataTypes.DateType)
              .add("ts", DataTypes.TimestampType)
              .add("name", DataTypes.StringType),
          "silver.scores");
  static final String T = "\"ANALYTICS\".\"ML\".\"SCORES\"";
  static final String S = "\"ANALYTICS\".\"ML\".\"SCORES__MLJOBS_STAGE_AB\"";
  static final String COLS = "\"ID\", \"AMOUNT\", \"DAY\", \"TS\", \"NAME\"";
  static final String INSERT = "INSERT INTO " + T + " (" + COLS + ") SELECT " + COLS + " FROM " + S;

  static List<String> sql(List<SqlStatement> statements) {
    return statements.stream().map(SqlStatement::sql).toList();
  }

  @Test
  void ddlUsesExplicitSnowflakeTypes() {
    assertEquals(
        "CREATE OR REPLACE TRANSIENT TABLE "
            + S
            + " (\"ID\" NUMBER(38,0), \"AMOUNT\" NUMBER(12,2), \"DAY\" DATE, \"TS\" TIMESTAMP_NTZ,"
            + " \"NAME\" VARCHAR)",
        SnowflakeSql.createStaging(STAGING, COLUMNS).sql());
    assertEquals(
        "CREATE TABLE IF NOT EXISTS "
            + T
            + " (\"ID\" NUMBER(38,0), \"AMOUNT\" NUMBER(12,2),"
            + " \"DAY\" DATE, \"TS\" TIMESTAMP_NTZ, \"NAME\" VARCHAR)",
        SnowflakeSql.createTarget(TARGET, COLUMNS).sql());
  }

  @Test
  void replaceDeletesAndInsertsInOneTransaction() {
    assertEquals(
        List.of("DELETE FROM " + T, INSERT),
        sql(
            SnowflakeSql.apply(
                PublishMode.REPLACE,
                TARGET,
                STAGING,
                COLUMNS,
                List.of(),
                MergeStatement.DELETE_INSERT,
                null,
                null)));
  }

  @Test
  void mergeByDeleteInsertOrByMerge() {
    List<SnowflakeIdentifier> keys = List.of(new SnowflakeIdentifier("id"));
    assertEquals(
        List.of("DELETE FROM " + T + " WHERE \"ID\" IN (SELECT \"ID\" FROM " + S + ")", INSERT),
        sql(
            SnowflakeSql.apply(
                PublishMode.MERGE,
                TARGET,
                STAGING,
                COLUMNS,
                keys,
                MergeStatement.DELETE_INSERT,
                null,
                null)));
    List<SnowflakeIdentifier> two =
        List.of(new SnowflakeIdentifier("id"), new SnowflakeIdentifier("day"));
    assertEquals(
        "DELETE FROM " + T + " WHERE (\"ID\", \"DAY\") IN (SELECT \"ID\", \"DAY\" FROM " + S + ")",
        SnowflakeSql.apply(
                PublishMode.MERGE,
                TARGET,
                STAGING,
                COLUMNS,
                two,
                MergeStatement.DELETE_INSERT,
                null,
                null)
            .get(0)
            .sql());
    assertEquals(
        List.of(
            "MERGE INTO "
                + T
                + " t USING "
                + S
                + " s ON t.\"ID\" = s.\"ID\" AND t.\"DAY\" = s.\"DAY\""
                + " WHEN MATCHED THEN UPDATE SET \"AMOUNT\" = s.\"AMOUNT\", \"TS\" = s.\"TS\","
                + " \"NAME\" = s.\"NAME\" WHEN NOT MATCHED THEN INSERT ("
                + COLS
                + ") VALUES"
                + " (s.\"ID\", s.\"AMOUNT\", s.\"DAY\", s.\"TS\", s.\"NAME\")"),
        sql(
            SnowflakeSql.apply(
                PublishMode.MERGE,
                TARGET,
                STAGING,
                COLUMNS,
                two,
                MergeStatement.MERGE,
                null,
                null)));
  }

  @Test
  void appendPartitionBindsTheDate() {
    Date day = Date.valueOf("2026-11-07");
    List<SqlStatement> statements =
        SnowflakeSql.apply(
            PublishMode.APPEND_PARTITION,
            TARGET,
            STAGING,
            COLUMNS,
            List.of(),
            MergeStatement.DELETE_INSERT,
            new SnowflakeIdentifier("day"),
            day);
    assertEquals(List.of("DELETE FROM " + T + " WHERE \"DAY\" = ?", INSERT), sql(statements));
    assertEquals(List.of(day), statements.get(0).binds());
  }

  @Test
  void thePublishLogIsCheckedAndWrittenWithBinds() {
    SnowflakeTable log = TARGET.sibling(new SnowflakeIdentifier("PUBLISH_LOG"));
    SqlStatement find = SnowflakeSql.findPublish(log, "run'1", TARGET);
    assertEquals(
        "SELECT \"SOURCE_VERSION\", \"ROWS_WRITTEN\", \"MODE\", \"ATTEMPT_ID\" FROM \"ANALYTICS\".\"ML\".\"PUBLISH_LOG\""
            + " WHERE \"RUN_ID\" = ? AND \"TARGET_TABLE\" = ?",
        find.sql());
    assertEquals(List.of("run'1", "ANALYTICS.ML.SCORES"), find.binds());
    SqlStatement record =
        SnowflakeSql.recordPublish(
            log, List.of("r", "p", "t", "replace", "silver.s", 3L, "", 10L, "a", "j"));
    assertEquals(
        "INSERT INTO \"ANALYTICS\".\"ML\".\"PUBLISH_LOG\" (\"RUN_ID\", \"PUBLICATION\", \"TARGET_TABLE\","
            + " \"MODE\", \"SOURCE_TABLE\", \"SOURCE_VERSION\", \"PARTITION_VALUE\", \"ROWS_WRITTEN\","
            + " \"ATTEMPT_ID\", \"JOB\", \"PUBLISHED_AT\") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " CURRENT_TIMESTAMP()::TIMESTAMP_NTZ",
        record.sql());
    assertThrows(
        IllegalArgumentException.class, () -> SnowflakeSql.recordPublish(log, List.of("r")));
  }

  @Test
  void columnsThatAreNotIdentifiersOrTypesSnowflakeCannotTakeAreRejected() {
    var bad = new StructType().add("my col", DataTypes.StringType);
    var e =
        assertThrows(
            io.mljobs.common.error.JobFailure.class, () -> SnowflakeColumn.of(bad, "silver.x"));
    assertEquals(
        true,
        e.getMessage().contains("Column 'my col' of silver.x must be a Snowflake identifier"),
        e.getMessage());
    var nested = new StructType().add("tags", DataTypes.createArrayType(DataTypes.StringType));
    var n =
        assertThrows(
            io.mljobs.common.error.JobFailure.class, () -> SnowflakeColumn.of(nested, "silver.x"));
    assertEquals(true, n.getMessage().contains("array<string>"), n.getMessage());
  }

  @Test
  void jdbcBatchesStayUnderTheArrayBindingThreshold() {
    assertEquals(1000, JdbcStagingWriter.effectiveBatchSize(1000, 10));
    assertEquals(65_280 / 100, JdbcStagingWriter.effectiveBatchSize(1000, 100));
  }
}
