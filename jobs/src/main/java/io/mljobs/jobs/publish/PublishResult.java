package io.mljobs.jobs.publish;

import io.mljobs.common.manifest.OutputRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one publication did.
 *
 * @param publication its name
 * @param target the Snowflake table
 * @param mode the mode applied
 * @param sourceTable the Delta table read
 * @param sourceVersion the Delta version read
 * @param rows rows inserted into the target (for a skipped publish: what the first one wrote)
 * @param rowsDeleted rows the apply removed first (replaced rows), null when skipped
 * @param skipped true when the publish log showed this run already published to the target
 * @param writePath jdbc or connector
 * @param staging the staging table used (dropped after the apply), null when skipped
 * @param partitionValue the replaced logical date (append-partition), else null
 * @param queryIds Snowflake query ids of the apply transaction's statements, in order
 */
public record PublishResult(
    String publication,
    SnowflakeTable target,
    PublishMode mode,
    String sourceTable,
    long sourceVersion,
    Long rows,
    Long rowsDeleted,
    boolean skipped,
    WritePath writePath,
    SnowflakeTable staging,
    String partitionValue,
    List<String> queryIds) {

  public PublishResult {
    queryIds = List.copyOf(queryIds);
  }

  /** The manifest's view of this publish. */
  public OutputRecord toOutputRecord(SnowflakeTable publishLog) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("publication", publication);
    details.put("source_table", sourceTable);
    details.put("source_version", sourceVersion);
    details.put("write_path", writePath.name().toLowerCase(java.util.Locale.ROOT));
    details.put("publish_log", publishLog.toString());
    details.put("query_ids", queryIds);
    if (staging != null) {
      details.put("staging_table", staging.toString());
    }
    if (partitionValue != null) {
      details.put("partition_value", partitionValue);
    }
    if (rowsDeleted != null) {
      details.put("rows_deleted", rowsDeleted);
    }
    return new OutputRecord(
        target.toString(),
        "snowflake",
        target.toString(),
        null,
        mode.kebab(),
        rows,
        skipped,
        details);
  }
}
