package io.mljobs.jobs.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL publish-snowflake sends, built from validated identifiers only (pure; unit-tested). Every
 * statement is valid on real Snowflake; the ones the local emulator (fakesnow) runs differently are
 * noted where they are built.
 */
public final class SnowflakeSql {
  /** Columns of the publish log, in order. */
  public static final List<String> LOG_COLUMNS =
      List.of(
          "RUN_ID",
          "PUBLICATION",
          "TARGET_TABLE",
          "MODE",
          "SOURCE_TABLE",
          "SOURCE_VERSION",
          "PARTITION_VALUE",
          "ROWS_WRITTEN",
          "ATTEMPT_ID",
          "JOB",
          "PUBLISHED_AT");

  private SnowflakeSql() {}

  /** The target, created when missing (never replaced: it may have grants and readers). */
  public static SqlStatement createTarget(SnowflakeTable table, List<SnowflakeColumn> columns) {
    return SqlStatement.of("CREATE TABLE IF NOT EXISTS " + table.sql() + " (" + ddl(columns) + ")");
  }

  /**
   * The run's staging table, re-created empty (a retry starts it over). TRANSIENT: no fail-safe
   * storage for a table that lives minutes.
   */
  public static SqlStatement createStaging(SnowflakeTable staging, List<SnowflakeColumn> columns) {
    return SqlStatement.of(
        "CREATE OR REPLACE TRANSIENT TABLE " + staging.sql() + " (" + ddl(columns) + ")");
  }

  /** Drops the staging table after the apply committed. */
  public static SqlStatement dropStaging(SnowflakeTable staging) {
    return SqlStatement.of("DROP TABLE IF EXISTS " + staging.sql());
  }

  /** The publish log, created when missing. */
  public static SqlStatement createLog(SnowflakeTable log) {
    return SqlStatement.of(
        "CREATE TABLE IF NOT EXISTS "
            + log.sql()
            + " (\"RUN_ID\" VARCHAR NOT NULL, \"PUBLICATION\" VARCHAR, \"TARGET_TABLE\" VARCHAR NOT"
            + " NULL, \"MODE\" VARCHAR, \"SOURCE_TABLE\" VARCHAR, \"SOURCE_VERSION\" NUMBER(38,0),"
            + " \"PARTITION_VALUE\" VARCHAR, \"ROWS_WRITTEN\" NUMBER(38,0), \"ATTEMPT_ID\" VARCHAR,"
            + " \"JOB\" VARCHAR, \"PUBLISHED_AT\" TIMESTAMP_NTZ)");
  }

  /** The earlier publish of this run to this target, if any. */
  public static SqlStatement findPublish(SnowflakeTable log, String runId, SnowflakeTable target) {
    return new SqlStatement(
        "SELECT \"SOURCE_VERSION\", \"ROWS_WRITTEN\", \"MODE\", \"ATTEMPT_ID\" FROM "
            + log.sql()
            + " WHERE \"RUN_ID\" = ? AND \"TARGET_TABLE\" = ?",
        List.of(runId, target.toString()));
  }

  /** Records a publish; runs in the same transaction as the statements that apply it. */
  public static SqlStatement recordPublish(SnowflakeTable log, List<Object> values) {
    if (values.size() != LOG_COLUMNS.size() - 1) {
      throw new IllegalArgumentException("publish log takes " + (LOG_COLUMNS.size() - 1));
    }
    String columns =
        LOG_COLUMNS.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", "));
    String binds = "?, ".repeat(values.size());
    return new SqlStatement(
        "INSERT INTO "
            + log.sql()
            + " ("
            + columns
            + ") SELECT "
            + binds
            + "CURRENT_TIMESTAMP()::TIMESTAMP_NTZ",
        values);
  }

  /** The target's columns, in order: name and {@code DATA_TYPE}. */
  public static SqlStatement describeColumns(SnowflakeTable table) {
    return new SqlStatement(
        "SELECT \"COLUMN_NAME\", \"DATA_TYPE\" FROM "
            + table.database().sql()
            + ".\"INFORMATION_SCHEMA\".\"COLUMNS\" WHERE \"TABLE_SCHEMA\" = ? AND \"TABLE_NAME\" = ?"
            + " ORDER BY \"ORDINAL_POSITION\"",
        List.of(table.schema().name(), table.table().name()));
  }

  /** Whether the target's schema exists: one row when it does. */
  public static SqlStatement findSchema(SnowflakeTable table) {
    return new SqlStatement(
        "SELECT \"SCHEMA_NAME\" FROM "
            + table.database().sql()
            + ".\"INFORMATION_SCHEMA\".\"SCHEMATA\" WHERE \"SCHEMA_NAME\" = ?",
        List.of(table.schema().name()));
  }

  /**
   * The statements that apply {@code mode} from {@code staging} to {@code target}, to run inside
   * one transaction (with the publish-log insert).
   *
   * <ul>
   *   <li>replace: {@code DELETE} all + {@code INSERT}. DML, so it commits atomically with the log
   *       row; {@code ALTER TABLE ... SWAP WITH} would be metadata-only but is DDL (it commits the
   *       open transaction on Snowflake) and fakesnow lacks it.
   *   <li>merge: {@code DELETE ... WHERE (keys) IN (SELECT keys FROM staging)} + {@code INSERT}
   *       ({@link MergeStatement#DELETE_INSERT}), or a real {@code MERGE} ({@link
   *       MergeStatement#MERGE}).
   *   <li>append-partition: {@code DELETE ... WHERE partition = ?} + {@code INSERT}.
   * </ul>
   */
  public static List<SqlStatement> apply(
      PublishMode mode,
      SnowflakeTable target,
      SnowflakeTable staging,
      List<SnowflakeColumn> columns,
      List<SnowflakeIdentifier> keys,
      MergeStatement mergeStatement,
      SnowflakeIdentifier partitionColumn,
      Object partitionValue) {
    String names = names(columns, "");
    SqlStatement insert =
        SqlStatement.of(
            "INSERT INTO "
                + target.sql()
                + " ("
                + names
                + ") SELECT "
                + names
                + " FROM "
                + staging.sql());
    List<SqlStatement> statements = new ArrayList<>();
    switch (mode) {
      case REPLACE -> {
        statements.add(SqlStatement.of("DELETE FROM " + target.sql()));
        statements.add(insert);
      }
      case MERGE -> {
        if (mergeStatement == MergeStatement.MERGE) {
          statements.add(merge(target, staging, columns, keys));
        } else {
          String keyList =
              keys.stream().map(SnowflakeIdentifier::sql).collect(Collectors.joining(", "));
          String left = keys.size() == 1 ? keyList : "(" + keyList + ")";
          statements.add(
              SqlStatement.of(
                  "DELETE FROM "
                      + target.sql()
                      + " WHERE "
                      + left
                      + " IN (SELECT "
                      + keyList
                      + " FROM "
                      + staging.sql()
                      + ")"));
          statements.add(insert);
        }
      }
      case APPEND_PARTITION -> {
        statements.add(
            new SqlStatement(
                "DELETE FROM " + target.sql() + " WHERE " + partitionColumn.sql() + " = ?",
                List.of(partitionValue)));
        statements.add(insert);
      }
    }
    return statements;
  }

  private static SqlStatement merge(
      SnowflakeTable target,
      SnowflakeTable staging,
      List<SnowflakeColumn> columns,
      List<SnowflakeIdentifier> keys) {
    String on =
        keys.stream()
            .map(k -> "t." + k.sql() + " = s." + k.sql())
            .collect(Collectors.joining(" AND "));
    String set =
        columns.stream()
            .filter(c -> !keys.contains(c.name()))
            .map(c -> c.name().sql() + " = s." + c.name().sql())
            .collect(Collectors.joining(", "));
    String sql =
        "MERGE INTO "
            + target.sql()
            + " t USING "
            + staging.sql()
            + " s ON "
            + on
            + (set.isEmpty() ? "" : " WHEN MATCHED THEN UPDATE SET " + set)
            + " WHEN NOT MATCHED THEN INSERT ("
            + names(columns, "")
            + ") VALUES ("
            + names(columns, "s.")
            + ")";
    return SqlStatement.of(sql);
  }

  private static String ddl(List<SnowflakeColumn> columns) {
    return columns.stream().map(SnowflakeColumn::ddl).collect(Collectors.joining(", "));
  }

  private static String names(List<SnowflakeColumn> columns, String prefix) {
    return columns.stream().map(c -> prefix + c.name().sql()).collect(Collectors.joining(", "));
  }
}
