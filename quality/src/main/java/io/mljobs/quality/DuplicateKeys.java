package io.mljobs.quality;

import static io.mljobs.quality.QualityChecks.quote;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.mljobs.common.schema.SchemaConformer;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Rejects rows whose primary key is already in silver ({@code on-duplicate-key = quarantine}): a
 * pure {@code Dataset -> Dataset} step over rows {@link RowChecks#annotate}d for quarantine.
 */
public final class DuplicateKeys {
  private static final String KNOWN = "__pk_known";

  private DuplicateKeys() {}

  /** The quarantine rule of a duplicate key: {@code quality:primary-key(transaction_id)}. */
  public static String rule(List<String> key) {
    return RowChecks.RULE_PREFIX + checkName(key);
  }

  /** The name duplicate keys are reported under: {@code primary-key(transaction_id)}. */
  public static String checkName(List<String> key) {
    return "primary-key(" + String.join(",", key) + ")";
  }

  /**
   * Marks rows of {@code annotated} whose {@code key} occurs in {@code existing} (silver's rows
   * outside the ones this promotion replaces) as rejects, unless a row-level check rejected them
   * already. Rows with a null key column never match.
   *
   * @param annotated rows with the reject columns of {@link RowChecks#annotate}
   * @param key the primary key columns
   * @param existing rows already in silver that this promotion keeps
   * @param silverName the silver table, for the reason text
   */
  public static Dataset<Row> reject(
      Dataset<Row> annotated, List<String> key, Dataset<Row> existing, String silverName) {
    List<Column> aliased = new ArrayList<>();
    for (int i = 0; i < key.size(); i++) {
      aliased.add(col(quote(key.get(i))).as(KNOWN + i));
    }
    Dataset<Row> known =
        existing.select(aliased.toArray(Column[]::new)).distinct().withColumn(KNOWN, lit(true));
    Column matches = lit(true);
    for (int i = 0; i < key.size(); i++) {
      matches = matches.and(annotated.col(quote(key.get(i))).equalTo(known.col(KNOWN + i)));
    }
    Column duplicate = coalesce(known.col(KNOWN), lit(false));
    String reason =
        checkName(key)
            + ": expected a key not yet in "
            + silverName
            + " (this key was promoted from an earlier delivery)";
    Dataset<Row> marked =
        annotated
            .join(known, matches, "left")
            .withColumn(
                SchemaConformer.REASON,
                coalesce(col(SchemaConformer.REASON), when(duplicate, lit(reason))))
            .withColumn(
                SchemaConformer.RULE,
                coalesce(col(SchemaConformer.RULE), when(duplicate, lit(rule(key)))));
    List<String> temporary = new ArrayList<>();
    temporary.add(KNOWN);
    for (int i = 0; i < key.size(); i++) {
      temporary.add(KNOWN + i);
    }
    return marked.drop(temporary.toArray(String[]::new));
  }
}
