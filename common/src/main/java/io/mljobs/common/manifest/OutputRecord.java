package io.mljobs.common.manifest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
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
 * @param committedBy the attempt id that committed this output (an earlier attempt's for skipped
 *     writes and for outputs carried over from attempts that were killed), null when unknown
 */
public record OutputRecord(
    String name,
    String kind,
    String location,
    Long version,
    String mode,
    Long rows,
    boolean skipped,
    Map<String, Object> details,
    String committedBy) {

  @JsonCreator
  public OutputRecord(
      @JsonProperty("name") String name,
      @JsonProperty("kind") String kind,
      @JsonProperty("location") String location,
      @JsonProperty("version") Long version,
      @JsonProperty("mode") String mode,
      @JsonProperty("rows") Long rows,
      @JsonProperty("skipped") boolean skipped,
      @JsonProperty("details") Map<String, Object> details,
      @JsonProperty("committedBy") String committedBy) {
    this.name = name;
    this.kind = kind;
    this.location = location;
    this.version = version;
    this.mode = mode;
    this.rows = rows;
    this.skipped = skipped;
    this.details = details == null ? Map.of() : Map.copyOf(details);
    this.committedBy = committedBy;
  }

  /** An output whose committing attempt the run recorder fills in (the current one). */
  public OutputRecord(
      String name,
      String kind,
      String location,
      Long version,
      String mode,
      Long rows,
      boolean skipped,
      Map<String, Object> details) {
    this(name, kind, location, version, mode, rows, skipped, details, null);
  }

  /** This record with {@code attemptId} as the committing attempt. */
  public OutputRecord withCommittedBy(String attemptId) {
    return new OutputRecord(name, kind, location, version, mode, rows, skipped, details, attemptId);
  }
}
