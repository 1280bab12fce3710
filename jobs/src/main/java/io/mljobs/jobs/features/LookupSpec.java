package io.mljobs.jobs.features;

import io.mljobs.common.table.TableRef;
import java.util.List;
import java.util.Optional;

/**
 * A reference table looked up as of the event time: for each event, the row with the same keys
 * whose {@code asOf} time is the latest one at or before the event time (ties: the greatest {@code
 * tieBreak}); no such row gives nulls.
 *
 * @param name the lookup's name in config
 * @param table the reference table (read whole: reference tables are small)
 * @param keys columns present in both the source and the reference table
 * @param asOf the reference column from which a row is valid (a date counts from its first second)
 * @param tieBreak orders rows of the same keys and as-of time; the greatest wins
 */
public record LookupSpec(
    String name, TableRef table, List<String> keys, String asOf, Optional<String> tieBreak) {

  public LookupSpec {
    keys = List.copyOf(keys);
  }

  /** Stable text for the definition hash. */
  String canonical() {
    return "lookup "
        + name
        + ": "
        + table
        + " on "
        + keys
        + " as of "
        + asOf
        + tieBreak.map(t -> " then " + t).orElse("");
  }
}
