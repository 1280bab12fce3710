package io.mljobs.common.manifest;

import java.util.Map;

/**
 * One output a run wrote.
 *
 * @param name logical table name
 * @param kind delta, snowflake, file, ...
 * @param location path or qualified table
 * @param version the committed Delta version (for a skipped idempotent write: the version the
 *     earlier attempt committed)
 * @param mode append, overwrite, replace-where, merge
 * @param rows rows written (inserted + updated for merges), when known
 * @param skipped true when the write was already done by an earlier attempt of the same run
 * @param details mode-specific facts (predicate, merge keys, operation metrics)
 */
public record OutputRecord(
    String name,
    String kind,
    String location,
    Long version,
    String mode,
    Long rows,
    boolean skipped,
    Map<String, Object> details) {
  public OutputRecord {
    details = Map.copyOf(details);
  }
}
