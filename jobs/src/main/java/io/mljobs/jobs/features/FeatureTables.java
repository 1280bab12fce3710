package io.mljobs.jobs.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.mljobs.common.error.JobFailure;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The definitions a feature table's rows were computed with. A table whose partitions were written
 * under different definition hashes (a definition changed and only some dates were rebuilt) mixes
 * values that mean different things; a reader of such rows must stop and ask for a backfill.
 */
public final class FeatureTables {
  private FeatureTables() {}

  /**
   * One definition found in a table.
   *
   * @param hash the definition hash
   * @param first its first feature date
   * @param last its last feature date
   * @param rows rows carrying it
   */
  public record Definition(String hash, LocalDate first, LocalDate last, long rows) {
    @Override
    public String toString() {
      return hash + " on " + first + ".." + last + " (" + rows + " rows)";
    }
  }

  /** The definitions of {@code rows} (a feature table's rows), by first date (one small job). */
  public static List<Definition> definitions(Dataset<Row> rows) {
    return rows
        .groupBy(col(FeatureSetSpec.DEFINITION_HASH))
        .agg(
            min(FeatureSetSpec.FEATURE_DATE).as("first"),
            max(FeatureSetSpec.FEATURE_DATE).as("last"),
            count("*").as("rows"))
        .orderBy("first", FeatureSetSpec.DEFINITION_HASH)
        .collectAsList()
        .stream()
        .map(
            r ->
                new Definition(
                    r.getString(0),
                    r.getDate(1).toLocalDate(),
                    r.getDate(2).toLocalDate(),
                    r.getLong(3)))
        .toList();
  }

  /**
   * Returns the one definition hash of {@code rows} (the rows a reader is about to use), or fails
   * with a message that names the definitions, their dates and the backfill that makes the table
   * whole again.
   *
   * @param table the table's name, for the message
   * @throws JobFailure when the rows mix definitions
   */
  public static String requireOneDefinition(Dataset<Row> rows, String table) {
    List<Definition> found = definitions(rows);
    if (found.size() == 1) {
      return found.get(0).hash();
    }
    if (found.isEmpty()) {
      throw new JobFailure(table + " has no rows to read; run build-features for its dates.");
    }
    throw new JobFailure(mixedMessage(table, found));
  }

  /** The message for a table that mixes definitions: which, where, and the backfill to run. */
  static String mixedMessage(String table, List<Definition> found) {
    LocalDate first = found.stream().map(Definition::first).min(LocalDate::compareTo).orElseThrow();
    LocalDate last = found.stream().map(Definition::last).max(LocalDate::compareTo).orElseThrow();
    return table
        + " mixes "
        + found.size()
        + " feature definitions: "
        + String.join(", ", found.stream().map(Definition::toString).toList())
        + ". Its values are not comparable across those dates; backfill it with the current"
        + " definition: build-features --from "
        + first
        + " --to "
        + last
        + ".";
  }
}
