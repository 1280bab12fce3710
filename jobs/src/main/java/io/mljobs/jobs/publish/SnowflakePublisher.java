package io.mljobs.jobs.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.mljobs.common.delta.TableVersion;
import io.mljobs.common.delta.TableVersions;
import io.mljobs.common.error.Failures;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.job.RunIdentity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StructField;

/**
 * Publishes one Delta table version to one Snowflake table, atomically and idempotently per run:
 *
 * <ol>
 *   <li>checks the rows before anything is written (columns are Snowflake identifiers, merge keys
 *       unique and not null);
 *   <li>connects (bounded login), checks the target schema, creates the publish log if missing, and
 *       stops if the log shows this run already published to the target;
 *   <li>creates the target if missing, else compares its columns with the source's;
 *   <li>re-creates the run's staging table with explicit DDL and fills it through the {@link
 *       StagingWriter};
 *   <li>in ONE transaction applies the mode and inserts the publish-log row; then drops staging.
 * </ol>
 *
 * A crash before the commit leaves the target as it was (the staging table is re-created by the
 * retry); a crash after it leaves the log row, so the retry changes nothing.
 */
final class SnowflakePublisher {
  private final PublishSnowflakeConfig config;
  private final StagingWriter writer;
  private final RunIdentity run;
  private final AfterStaging afterStaging;

  SnowflakePublisher(
      PublishSnowflakeConfig config,
      StagingWriter writer,
      RunIdentity run,
      AfterStaging afterStaging) {
    this.config = config;
    this.writer = writer;
    this.run = run;
    this.afterStaging = afterStaging;
  }

  /** The rows to publish, checked and shaped: upper-case column names, partition filtered. */
  record Prepared(
      Dataset<Row> rows,
      List<SnowflakeColumn> columns,
      Object partitionBind,
      String partitionValue) {}

  /** Reads the version and checks the rows; nothing is written. */
  Prepared prepare(Publication p, TableVersions versions, TableVersion version) {
    String source = p.source() + " (version " + version.version() + ")";
    Dataset<Row> rows = versions.read(version.version());
    if (!p.columns().isEmpty()) {
      Set<String> present = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      present.addAll(List.of(rows.columns()));
      List<String> missing = p.columns().stream().filter(c -> !present.contains(c)).toList();
      if (!missing.isEmpty()) {
        throw new JobFailure(
            "Publication '"
                + p.name()
                + "': "
                + source
                + " has no column(s) "
                + missing
                + " (it has "
                + List.of(rows.columns())
                + "). Fix mljobs.jobs.publish-snowflake.publications."
                + p.name()
                + ".columns.");
      }
      rows = rows.select(p.columns().stream().map(c -> col("`" + c + "`")).toArray(Column[]::new));
    }
    Object bind = null;
    String value = null;
    if (p.mode() == PublishMode.APPEND_PARTITION) {
      StructField field = field(rows, p.partitionColumn().orElseThrow().name(), p, source);
      value = p.partitionValue().orElse(run.runDate().toString());
      bind = bindValue(field.dataType(), value);
      rows = rows.filter(col("`" + field.name() + "`").cast("string").equalTo(lit(value)));
    }
    List<SnowflakeColumn> columns = SnowflakeColumn.of(rows.schema(), source);
    rows =
        rows.select(
            java.util.Arrays.stream(rows.columns())
                .map(c -> col("`" + c + "`").as(c.toUpperCase(Locale.ROOT)))
                .toArray(Column[]::new));
    if (p.mode() == PublishMode.MERGE) {
      checkKeys(p, rows, source);
    }
    return new Prepared(rows, columns, bind, value);
  }

  private static StructField field(Dataset<Row> rows, String name, Publication p, String source) {
    for (StructField f : rows.schema().fields()) {
      if (f.name().equalsIgnoreCase(name)) {
        return f;
      }
    }
    throw new JobFailure(
        "Publication '"
            + p.name()
            + "': "
            + source
            + " has no column "
            + name
            + " (it has "
            + List.of(rows.columns())
            + "). Fix mljobs.jobs.publish-snowflake.publications."
            + p.name()
            + ".");
  }

  private static Object bindValue(DataType type, String value) {
    if (type instanceof DateType) {
      try {
        return java.sql.Date.valueOf(value);
      } catch (IllegalArgumentException e) {
        throw new JobFailure("Partition value '" + value + "' is not a date (YYYY-MM-DD).");
      }
    }
    return value;
  }

  /** Merge keys must exist, be unique and not null: checked before anything is written. */
  private static void checkKeys(Publication p, Dataset<Row> rows, String source) {
    List<String> keys = p.keys().stream().map(SnowflakeIdentifier::name).toList();
    for (String key : keys) {
      field(rows, key, p, source);
    }
    Column[] keyColumns = keys.stream().map(k -> col("`" + k + "`")).toArray(Column[]::new);
    Column anyNull =
        keys.stream().map(k -> col("`" + k + "`").isNull()).reduce(Column::or).orElseThrow();
    long nulls = rows.filter(anyNull).count();
    if (nulls > 0) {
      throw new JobFailure(
          "Publication '"
              + p.name()
              + "': "
              + nulls
              + " row(s) of "
              + source
              + " have a null in the merge keys "
              + keys
              + "; nothing was written. Fix the source or the keys.");
    }
    List<Row> duplicates =
        rows.groupBy(keyColumns)
            .agg(count(lit(1)).as("n"))
            .filter(col("n").gt(1))
            .limit(5)
            .collectAsList();
    if (!duplicates.isEmpty()) {
      String examples =
          duplicates.stream()
              .map(
                  r -> {
                    List<String> parts = new ArrayList<>();
                    for (int i = 0; i < keys.size(); i++) {
                      parts.add(keys.get(i) + "=" + r.get(i));
                    }
                    return String.join(",", parts) + " (" + r.getLong(keys.size()) + " rows)";
                  })
              .collect(Collectors.joining("; "));
      throw new JobFailure(
          "Publication '"
              + p.name()
              + "': the merge keys "
              + keys
              + " are not unique in "
              + source
              + ", e.g. "
              + examples
              + "; nothing was written. Deduplicate the source or fix the keys.");
    }
  }

  /** Publishes prepared rows; see the class comment for the steps. */
  PublishResult publish(Publication p, TableVersion version, Prepared prepared) {
    SnowflakeConnectionSpec spec = config.connection();
    SnowflakeTable staging = stagingTable(p);
    String doing = "logging in";
    try (Connection c = spec.open()) {
      doing = "checking schema " + p.target().database() + "." + p.target().schema();
      if (rows(c, SnowflakeSql.findSchema(p.target())).isEmpty()) {
        throw new JobFailure(
            "Snowflake schema "
                + p.target().database()
                + "."
                + p.target().schema()
                + " does not exist (or user '"
                + spec.user()
                + "' cannot see it). Create it, or fix mljobs.jobs.publish-snowflake.connection"
                + ".database / .schema or the publication's target.");
      }
      doing = "creating the publish log " + config.publishLog();
      execute(c, SnowflakeSql.createLog(config.publishLog()));
      doing = "reading the publish log";
      List<List<Object>> earlier =
          rows(c, SnowflakeSql.findPublish(config.publishLog(), run.runId(), p.target()));
      if (!earlier.isEmpty()) {
        List<Object> row = earlier.get(0);
        return new PublishResult(
            p.name(),
            p.target(),
            p.mode(),
            p.source().toString(),
            ((Number) row.get(0)).longValue(),
            row.get(1) == null ? null : ((Number) row.get(1)).longValue(),
            null,
            true,
            config.writePath(),
            null,
            prepared.partitionValue(),
            List.of());
      }
      doing = "reading the columns of " + p.target();
      List<List<Object>> existing = rows(c, SnowflakeSql.describeColumns(p.target()));
      if (existing.isEmpty()) {
        doing = "creating " + p.target();
        execute(c, SnowflakeSql.createTarget(p.target(), prepared.columns()));
      } else {
        checkColumns(p, version, prepared.columns(), existing);
      }
      doing = "creating the staging table " + staging;
      execute(c, SnowflakeSql.createStaging(staging, prepared.columns()));
      doing = "staging rows into " + staging;
      writer.write(prepared.rows(), staging);
      afterStaging.staged(staging);
      doing = "applying " + p.mode().kebab() + " to " + p.target();
      List<Object> logValues =
          List.of(
              run.runId(),
              p.name(),
              p.target().toString(),
              p.mode().kebab(),
              p.source().toString(),
              version.version(),
              prepared.partitionValue() == null ? "" : prepared.partitionValue(),
              -1L,
              run.attemptId(),
              run.job());
      Applied applied = apply(c, p, staging, prepared, logValues);
      doing = "dropping " + staging;
      execute(c, SnowflakeSql.dropStaging(staging));
      return new PublishResult(
          p.name(),
          p.target(),
          p.mode(),
          p.source().toString(),
          version.version(),
          applied.inserted(),
          applied.deleted(),
          false,
          config.writePath(),
          staging,
          prepared.partitionValue(),
          applied.queryIds());
    } catch (SQLException e) {
      throw SnowflakeErrors.failure(spec, doing, e);
    } catch (RuntimeException e) {
      if (e instanceof JobFailure) {
        throw e;
      }
      SQLException sql = Failures.innermost(e, SQLException.class);
      if (sql != null) {
        throw SnowflakeErrors.failure(spec, doing, sql);
      }
      throw e;
    }
  }

  private record Applied(long inserted, Long deleted, List<String> queryIds) {}

  /** The one transaction: the mode's statements and the publish-log row, or nothing. */
  private Applied apply(
      Connection c,
      Publication p,
      SnowflakeTable staging,
      Prepared prepared,
      List<Object> logValues)
      throws SQLException {
    List<SqlStatement> statements =
        SnowflakeSql.apply(
            p.mode(),
            p.target(),
            staging,
            prepared.columns(),
            p.keys(),
            p.mergeStatement(),
            p.partitionColumn().orElse(null),
            prepared.partitionBind());
    List<String> queryIds = new ArrayList<>();
    long inserted = 0;
    Long deleted = null;
    execute(c, SqlStatement.of("BEGIN TRANSACTION"));
    try {
      for (SqlStatement statement : statements) {
        long count = execute(c, statement, queryIds);
        if (statement.sql().startsWith("DELETE")) {
          deleted = count;
        } else {
          inserted += count;
        }
      }
      List<Object> values = new ArrayList<>(logValues);
      values.set(7, inserted);
      execute(c, SnowflakeSql.recordPublish(config.publishLog(), values), queryIds);
      execute(c, SqlStatement.of("COMMIT"), queryIds);
    } catch (SQLException | RuntimeException e) {
      try {
        execute(c, SqlStatement.of("ROLLBACK"));
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
    return new Applied(inserted, deleted, queryIds);
  }

  /** The run's staging table: the target's name plus a digest of run id and publication. */
  SnowflakeTable stagingTable(Publication p) {
    String digest;
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((run.runId() + "\n" + p.name()).getBytes(StandardCharsets.UTF_8));
      digest = HexFormat.of().formatHex(hash, 0, 6).toUpperCase(Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String base = p.target().table().name();
    base = base.substring(0, Math.min(base.length(), 200));
    return p.target().sibling(new SnowflakeIdentifier(base + "__MLJOBS_STAGE_" + digest));
  }

  /** Compares the target's columns with the source's, failing with every difference listed. */
  static void checkColumns(
      Publication p,
      TableVersion version,
      List<SnowflakeColumn> source,
      List<List<Object>> target) {
    Map<String, String> targetTypes = new LinkedHashMap<>();
    target.forEach(
        r -> targetTypes.put(String.valueOf(r.get(0)).toUpperCase(Locale.ROOT), family(r.get(1))));
    Map<String, SnowflakeColumn> sourceColumns = new LinkedHashMap<>();
    source.forEach(c -> sourceColumns.put(c.name().name(), c));
    List<String> missing = new ArrayList<>();
    List<String> different = new ArrayList<>();
    sourceColumns.forEach(
        (name, column) -> {
          String found = targetTypes.get(name);
          if (found == null) {
            missing.add(name + " " + column.type());
          } else if (!found.equals(family(column.family()))) {
            different.add(name + " (source " + column.family() + ", target " + found + ")");
          }
        });
    List<String> extra =
        targetTypes.entrySet().stream()
            .filter(e -> !sourceColumns.containsKey(e.getKey()))
            .map(e -> e.getKey() + " " + e.getValue())
            .toList();
    if (missing.isEmpty() && extra.isEmpty() && different.isEmpty()) {
      return;
    }
    List<String> parts = new ArrayList<>();
    if (!missing.isEmpty()) {
      parts.add("not in the target: " + String.join(", ", missing));
    }
    if (!extra.isEmpty()) {
      parts.add("only in the target: " + String.join(", ", extra));
    }
    if (!different.isEmpty()) {
      parts.add("different types: " + String.join(", ", different));
    }
    throw new JobFailure(
        "Snowflake table "
            + p.target()
            + " does not match "
            + p.source()
            + " (version "
            + version.version()
            + "): "
            + String.join("; ", parts)
            + ". Nothing was written. Alter the target to match (or drop it and let"
            + " publish-snowflake create it), or choose the columns with"
            + " mljobs.jobs.publish-snowflake.publications."
            + p.name()
            + ".columns.");
  }

  /** Type families as INFORMATION_SCHEMA names them; timestamps of any kind are one family. */
  private static String family(Object dataType) {
    String t = String.valueOf(dataType).toUpperCase(Locale.ROOT);
    if (t.startsWith("TIMESTAMP")) {
      return "TIMESTAMP";
    }
    if (t.equals("VARCHAR") || t.equals("STRING")) {
      return "TEXT";
    }
    if (t.equals("DOUBLE") || t.equals("REAL")) {
      return "FLOAT";
    }
    if (t.equals("FIXED") || t.equals("DECIMAL") || t.equals("INTEGER") || t.equals("BIGINT")) {
      return "NUMBER";
    }
    return t;
  }

  private static void execute(Connection c, SqlStatement statement) throws SQLException {
    execute(c, statement, null);
  }

  private static long execute(Connection c, SqlStatement statement, List<String> queryIds)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(statement.sql())) {
      bind(ps, statement.binds());
      ps.execute();
      String id = queryIds == null ? null : queryId(ps);
      if (id != null) {
        queryIds.add(id);
      }
      long count = ps.getUpdateCount();
      return Math.max(0, count);
    }
  }

  private static List<List<Object>> rows(Connection c, SqlStatement statement) throws SQLException {
    List<List<Object>> result = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(statement.sql())) {
      bind(ps, statement.binds());
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= n; i++) {
            row.add(rs.getObject(i));
          }
          result.add(row);
        }
      }
    }
    return result;
  }

  private static void bind(PreparedStatement ps, List<Object> binds) throws SQLException {
    for (int i = 0; i < binds.size(); i++) {
      ps.setObject(i + 1, binds.get(i));
    }
  }

  private static String queryId(PreparedStatement ps) {
    try {
      return ps.unwrap(net.snowflake.client.jdbc.SnowflakeStatement.class).getQueryID();
    } catch (SQLException e) {
      return null;
    }
  }
}
