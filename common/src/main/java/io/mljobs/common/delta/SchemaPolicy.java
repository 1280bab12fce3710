package io.mljobs.common.delta;

import io.mljobs.common.error.JobFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Compares the schema of rows about to be written with the table's, under the table's {@link
 * TablePolicy.SchemaEvolution}: additive columns are allowed when configured; a dropped or retyped
 * column is a breaking change and is rejected with every such column named.
 */
public final class SchemaPolicy {
  private SchemaPolicy() {}

  /**
   * Returns the columns to add (empty when the schemas match), or throws a {@link JobFailure}
   * naming the columns that break the policy.
   */
  public static List<String> check(
      String table, StructType existing, StructType incoming, TablePolicy.SchemaEvolution policy) {
    Map<String, StructField> old = new LinkedHashMap<>();
    for (StructField f : existing.fields()) {
      old.put(f.name().toLowerCase(Locale.ROOT), f);
    }
    List<String> added = new ArrayList<>();
    List<String> retyped = new ArrayList<>();
    Map<String, StructField> seen = new LinkedHashMap<>();
    for (StructField f : incoming.fields()) {
      String key = f.name().toLowerCase(Locale.ROOT);
      seen.put(key, f);
      StructField before = old.get(key);
      if (before == null) {
        added.add(f.name() + " " + f.dataType().simpleString());
      } else if (!before.dataType().sameType(f.dataType())) {
        retyped.add(
            f.name()
                + " ("
                + before.dataType().simpleString()
                + " -> "
                + f.dataType().simpleString()
                + ")");
      }
    }
    List<String> dropped =
        old.entrySet().stream()
            .filter(e -> !seen.containsKey(e.getKey()))
            .map(e -> e.getValue().name())
            .toList();
    List<String> problems = new ArrayList<>();
    if (!dropped.isEmpty()) {
      problems.add("columns missing from the new rows: " + dropped);
    }
    if (!retyped.isEmpty()) {
      problems.add("columns with a changed type: " + retyped);
    }
    if (!added.isEmpty() && policy == TablePolicy.SchemaEvolution.NONE) {
      problems.add("new columns: " + added + " (schema-evolution = none)");
    }
    if (!problems.isEmpty()) {
      throw new JobFailure(
          "Schema change rejected for "
              + table
              + ": "
              + String.join("; ", problems)
              + ". Breaking changes need a new table (or a manual migration);"
              + (policy == TablePolicy.SchemaEvolution.NONE
                  ? " to allow new columns set mljobs.delta.tables.\""
                      + table
                      + "\".schema-evolution = additive."
                  : " new columns alone are added automatically."));
    }
    return added;
  }
}
