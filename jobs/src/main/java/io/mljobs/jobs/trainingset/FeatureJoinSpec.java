package io.mljobs.jobs.trainingset;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.table.TableRef;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One feature set joined into a training set ({@code
 * mljobs.training-sets.<set>.feature-sets.<name>}).
 *
 * <pre>{@code
 * feature-sets.customer_activity {
 *   table = "features.customer_activity"   # default features.<name>
 *   entity-keys = [customer_id]            # default: the labels' entity-keys
 *   event-time-column = event_ts
 *   created-time-column = created_ts       # optional: also require created_ts <= label time
 *   date-column = feature_date             # optional: date partition used to prune the read
 *   hash-column = definition_hash          # optional: one definition hash per read, or fail
 *   ttl = 7d                               # required: older feature rows give nulls
 *   columns = []                           # default: every column not named above
 *   exclude = [transaction_id]             # left out of the default column list
 * }
 * }</pre>
 *
 * @param name the feature set's name (its key under feature-sets)
 * @param table the feature table
 * @param entityKeys entity keys, present under the same names in the label rows
 * @param eventTimeColumn the feature row's event time
 * @param createdTimeColumn when set, the time the row became available
 * @param dateColumn when set, the date partition column (= the event time's date)
 * @param hashColumn when set, the definition hash column
 * @param ttl the oldest a feature row may be, relative to the label time (inclusive)
 * @param columns the feature columns, empty for all
 * @param exclude columns left out of the default list
 * @param key0 the config path of this section
 */
public record FeatureJoinSpec(
    String name,
    TableRef table,
    List<String> entityKeys,
    String eventTimeColumn,
    Optional<String> createdTimeColumn,
    Optional<String> dateColumn,
    Optional<String> hashColumn,
    Duration ttl,
    List<String> columns,
    List<String> exclude,
    String key0) {

  public FeatureJoinSpec {
    entityKeys = List.copyOf(entityKeys);
    columns = List.copyOf(columns);
    exclude = List.copyOf(exclude);
  }

  /** The config key of {@code key} in this section. */
  public String keyOf(String key) {
    return key0 + "." + key;
  }

  /** The columns that are bookkeeping, never features. */
  public List<String> metaColumns() {
    java.util.ArrayList<String> meta = new java.util.ArrayList<>(entityKeys);
    meta.add(eventTimeColumn);
    createdTimeColumn.ifPresent(meta::add);
    dateColumn.ifPresent(meta::add);
    hashColumn.ifPresent(meta::add);
    return meta;
  }

  static FeatureJoinSpec from(String name, Settings s, List<String> labelKeys) {
    TableRef table = TableRef.parse(s.string("table", "features." + name), s.fullKey("table"));
    if (!s.has("ttl")) {
      throw new ConfigError(
          s.fullKey("ttl"),
          "Missing config key '"
              + s.fullKey("ttl")
              + "': how old a feature row may be at the label time (e.g. 7d); older rows give"
              + " nulls.");
    }
    Duration ttl = s.duration("ttl", Duration.ZERO);
    if (ttl.isNegative() || ttl.isZero()) {
      throw new ConfigError(
          s.fullKey("ttl"),
          "Config key '" + s.fullKey("ttl") + "' must be a positive duration such as 7d.");
    }
    return new FeatureJoinSpec(
        name,
        table,
        s.strings("entity-keys", labelKeys),
        s.string("event-time-column", "event_ts"),
        blankless(s.optionalString("created-time-column")),
        blankless(s.optionalString("date-column")),
        blankless(s.optionalString("hash-column")),
        ttl,
        s.strings("columns", List.of()),
        s.strings("exclude", List.of()),
        s.path());
  }

  private static Optional<String> blankless(Optional<String> value) {
    return value.filter(v -> !v.isBlank());
  }
}
