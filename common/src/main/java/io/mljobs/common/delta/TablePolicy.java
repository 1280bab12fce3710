package io.mljobs.common.delta;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What config says about one Delta table: its retention and change data feed (as Delta table
 * properties) and how its schema may change.
 *
 * @param deletedFileRetention {@code delta.deletedFileRetentionDuration}: how long removed files
 *     stay (the time travel window VACUUM keeps)
 * @param logRetention {@code delta.logRetentionDuration}: how long the commit history stays
 * @param changeDataFeed {@code delta.enableChangeDataFeed}
 * @param schemaEvolution additive: new columns are added on write; none: any schema change fails
 */
public record TablePolicy(
    Duration deletedFileRetention,
    Duration logRetention,
    boolean changeDataFeed,
    SchemaEvolution schemaEvolution) {

  /** How a table's schema may change on write. */
  public enum SchemaEvolution {
    /** New columns are added (Delta's mergeSchema); dropped or retyped columns fail. */
    ADDITIVE,
    /** Any difference from the table's schema fails. */
    NONE
  }

  /** Delta's own defaults (7 days, 30 days, no change data feed), additive columns allowed. */
  public static TablePolicy defaults() {
    return new TablePolicy(
        Duration.ofDays(7), Duration.ofDays(30), false, SchemaEvolution.ADDITIVE);
  }

  /** The Delta table properties this policy sets. */
  public Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("delta.deletedFileRetentionDuration", interval(deletedFileRetention));
    p.put("delta.logRetentionDuration", interval(logRetention));
    p.put("delta.enableChangeDataFeed", Boolean.toString(changeDataFeed));
    return p;
  }

  /** Delta's interval syntax, in whole hours ({@code interval 168 hours}). */
  static String interval(Duration d) {
    return "interval " + Math.max(1, d.toHours()) + " hours";
  }
}
