package io.mljobs.jobs.trainingset;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.table.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The label rows of a training set ({@code mljobs.training-sets.<name>.labels}).
 *
 * <pre>{@code
 * labels {
 *   table = "bronze.fraud_labels"
 *   enrich {                         # optional: columns the label table lacks, joined on keys
 *     table = "silver.pos_transactions"
 *     on = [transaction_id]
 *     columns = [customer_id, event_ts]
 *   }
 *   entity-keys = [customer_id]      # matched against each feature set's entity keys
 *   time-column = event_ts           # the label time of the point-in-time join
 *   label-column = is_fraud
 *   label-type = int                 # optional cast of the label
 *   extra-columns = [transaction_id] # carried into the training set as they are
 *   key = [transaction_id]           # what makes a label row unique (default entity keys + time)
 *   duplicates = fail                # fail (exit 3) | keep-latest (by order-by)
 *   order-by = label_ts              # required by keep-latest: the latest label wins
 * }
 * }</pre>
 *
 * @param table the label table
 * @param enrich the optional enrichment join
 * @param entityKeys entity key columns
 * @param timeColumn label time column (timestamp or date)
 * @param labelColumn the label
 * @param labelType a Spark SQL type to cast the label to, if any
 * @param extraColumns label columns carried through unchanged
 * @param key the columns that identify one label row
 * @param duplicates what to do with rows sharing a key
 * @param orderBy the column that orders duplicates (keep-latest)
 * @param key0 the config path of this section, for messages
 */
public record LabelSpec(
    TableRef table,
    Optional<Enrich> enrich,
    List<String> entityKeys,
    String timeColumn,
    String labelColumn,
    Optional<String> labelType,
    List<String> extraColumns,
    List<String> key,
    Duplicates duplicates,
    Optional<String> orderBy,
    String key0) {

  /** What to do with label rows that share a key. */
  public enum Duplicates {
    /** Stop with exit 3 and say how many rows and keys are duplicated. */
    FAIL,
    /** Keep the row with the greatest {@code order-by} value per key. */
    KEEP_LATEST
  }

  /**
   * A join that adds columns to the label rows (e.g. the transaction's entity and event time).
   *
   * @param table the table to join
   * @param on the join keys (same names on both sides)
   * @param columns the columns taken from {@code table}
   */
  public record Enrich(TableRef table, List<String> on, List<String> columns) {
    public Enrich {
      on = List.copyOf(on);
      columns = List.copyOf(columns);
    }
  }

  public LabelSpec {
    entityKeys = List.copyOf(entityKeys);
    extraColumns = List.copyOf(extraColumns);
    key = List.copyOf(key);
  }

  /** The config key of {@code name} in this section. */
  public String keyOf(String name) {
    return key0 + "." + name;
  }

  /** Every column the label rows must have (after enrichment). */
  public List<String> requiredColumns() {
    List<String> all = new ArrayList<>(extraColumns);
    for (String c : entityKeys) {
      if (!all.contains(c)) {
        all.add(c);
      }
    }
    if (!all.contains(timeColumn)) {
      all.add(timeColumn);
    }
    if (!all.contains(labelColumn)) {
      all.add(labelColumn);
    }
    return all;
  }

  static LabelSpec from(Settings s) {
    TableRef table = TableRef.parse(s.string("table"), s.fullKey("table"));
    Optional<Enrich> enrich = Optional.empty();
    if (s.has("enrich")) {
      Settings e = s.section("enrich");
      List<String> on = nonEmpty(e, "on");
      List<String> columns = nonEmpty(e, "columns");
      enrich =
          Optional.of(
              new Enrich(TableRef.parse(e.string("table"), e.fullKey("table")), on, columns));
    }
    List<String> entityKeys = nonEmpty(s, "entity-keys");
    String time = s.string("time-column");
    String label = s.string("label-column");
    List<String> defaultKey = new ArrayList<>(entityKeys);
    defaultKey.add(time);
    List<String> key = s.strings("key", defaultKey);
    if (key.isEmpty()) {
      throw new ConfigError(
          s.fullKey("key"), "Config key '" + s.fullKey("key") + "' must name at least one column.");
    }
    Duplicates duplicates = s.choice("duplicates", Duplicates.class, Duplicates.FAIL);
    Optional<String> orderBy = s.optionalString("order-by");
    if (duplicates == Duplicates.KEEP_LATEST && orderBy.isEmpty()) {
      throw new ConfigError(
          s.fullKey("order-by"),
          "Config key '"
              + s.fullKey("duplicates")
              + "' = keep-latest needs '"
              + s.fullKey("order-by")
              + "': the column whose greatest value wins (e.g. the label's own timestamp).");
    }
    return new LabelSpec(
        table,
        enrich,
        entityKeys,
        time,
        label,
        s.optionalString("label-type"),
        s.strings("extra-columns", List.of()),
        key,
        duplicates,
        orderBy,
        s.path());
  }

  static List<String> nonEmpty(Settings s, String key) {
    if (!s.has(key)) {
      throw new ConfigError(
          s.fullKey(key),
          "Missing config key '" + s.fullKey(key) + "': a list of one or more column names.");
    }
    List<String> values = s.strings(key, List.of());
    if (values.isEmpty()) {
      throw new ConfigError(
          s.fullKey(key), "Config key '" + s.fullKey(key) + "' must name at least one column.");
    }
    return values;
  }
}
