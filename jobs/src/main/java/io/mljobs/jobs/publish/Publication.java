package io.mljobs.jobs.publish;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.delta.VersionSelector;
import io.mljobs.common.table.TableRef;
import java.util.List;
import java.util.Optional;

/**
 * One Delta table published to one Snowflake table: {@code
 * mljobs.jobs.publish-snowflake.publications.<name>}.
 *
 * <pre>{@code
 * publications.pos_daily {
 *   source = "silver.pos_transactions"
 *   version = run                      # run | latest | <n> | run:<id> | date:YYYY-MM-DD | timestamp:<ISO>
 *   target = "POS_TRANSACTIONS"        # TABLE, SCHEMA.TABLE or DATABASE.SCHEMA.TABLE
 *   mode = append-partition            # replace | merge | append-partition
 *   keys = [transaction_id]            # merge
 *   partition-column = _run_date       # append-partition; value: the run date unless partition-value
 *   columns = []                       # default: every column of the source
 * }
 * }</pre>
 *
 * @param name the publication's name
 * @param source the Delta table
 * @param version which version of it
 * @param target the Snowflake table
 * @param mode how the target changes
 * @param keys merge keys (merge mode)
 * @param partitionColumn the logical-date column (append-partition mode)
 * @param partitionValue the value to replace, default the run date
 * @param columns the source columns to publish, empty for all
 * @param mergeStatement the SQL used for merge mode
 */
public record Publication(
    String name,
    TableRef source,
    VersionSelector version,
    SnowflakeTable target,
    PublishMode mode,
    List<SnowflakeIdentifier> keys,
    Optional<SnowflakeIdentifier> partitionColumn,
    Optional<String> partitionValue,
    List<String> columns,
    MergeStatement mergeStatement) {

  public Publication {
    keys = List.copyOf(keys);
    columns = List.copyOf(columns);
  }

  /** Reads one publication, validating every identifier against Snowflake's rules. */
  static Publication from(String name, Settings s, SnowflakeConnectionSpec connection) {
    PublishMode mode = s.choice("mode", PublishMode.class, PublishMode.REPLACE);
    List<SnowflakeIdentifier> keys =
        s.strings("keys", List.of()).stream()
            .map(k -> SnowflakeIdentifier.parse(k, s.fullKey("keys")))
            .toList();
    Optional<SnowflakeIdentifier> partition =
        s.optionalString("partition-column")
            .map(p -> SnowflakeIdentifier.parse(p, s.fullKey("partition-column")));
    if (mode == PublishMode.MERGE && keys.isEmpty()) {
      throw new ConfigError(
          s.fullKey("keys"),
          "Publication '"
              + name
              + "' has mode = merge but no keys: set "
              + s.fullKey("keys")
              + " = [<key columns>].");
    }
    if (mode == PublishMode.APPEND_PARTITION && partition.isEmpty()) {
      throw new ConfigError(
          s.fullKey("partition-column"),
          "Publication '"
              + name
              + "' has mode = append-partition but no partition column: set "
              + s.fullKey("partition-column")
              + " to the column holding the logical date.");
    }
    List<String> columns = s.strings("columns", List.of());
    for (String column : columns) {
      SnowflakeIdentifier.parse(column, s.fullKey("columns"));
    }
    Optional<String> partitionValue = s.optionalString("partition-value");
    return new Publication(
        name,
        TableRef.parse(s.string("source"), s.fullKey("source")),
        VersionSelector.parse(s.string("version", "run"), s.fullKey("version")),
        SnowflakeTable.parse(
            s.string("target"), s.fullKey("target"), connection.database(), connection.schema()),
        mode,
        keys,
        partition,
        partitionValue,
        columns,
        s.choice("merge-statement", MergeStatement.class, MergeStatement.DELETE_INSERT));
  }
}
