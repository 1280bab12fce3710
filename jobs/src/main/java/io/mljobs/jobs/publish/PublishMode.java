package io.mljobs.jobs.publish;

/** How a publish changes the target table. */
public enum PublishMode {
  /** The target's rows become exactly the source version's rows (readers switch atomically). */
  REPLACE,
  /** Rows whose keys exist are replaced, the others inserted (keys must be unique). */
  MERGE,
  /** The rows of one logical date (partition value) are replaced; other dates stay. */
  APPEND_PARTITION;

  /** The config spelling. */
  public String kebab() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
