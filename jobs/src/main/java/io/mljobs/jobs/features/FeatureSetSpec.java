package io.mljobs.jobs.features;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.NearestNames;
import io.mljobs.common.config.Settings;
import io.mljobs.common.schema.SqlExpressions;
import io.mljobs.common.table.TableRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A feature set, {@code mljobs.feature-sets.<name>}, parsed and checked before Spark starts (see
 * README, "Features").
 *
 * @param name the set's name
 * @param table the feature table ({@code features.<name>} unless {@code table} says otherwise)
 * @param source the table the events come from
 * @param sourceDateColumn the source's date partition column (the event date), used to read only
 *     the partitions a run needs; empty: the source is filtered on the event time only
 * @param entityKeys the entity's key columns
 * @param eventTime the source's event-time column (a timestamp)
 * @param mode one row per event, or one per entity per day
 * @param passThrough source columns copied as they are (per-event mode)
 * @param features the features, in output order
 * @param lookups reference tables by name
 */
public record FeatureSetSpec(
    String name,
    TableRef table,
    TableRef source,
    Optional<String> sourceDateColumn,
    List<String> entityKeys,
    String eventTime,
    Mode mode,
    List<String> passThrough,
    List<FeatureSpec> features,
    Map<String, LookupSpec> lookups) {

  /** Columns every feature table has besides the keys and features. */
  public static final String EVENT_TS = "event_ts";

  public static final String CREATED_TS = "created_ts";
  public static final String FEATURE_DATE = "feature_date";
  public static final String DEFINITION_HASH = "definition_hash";

  /** How rows are made. */
  public enum Mode {
    /** One row per source event, windows ending at the event. */
    PER_EVENT,
    /**
     * One row per entity per day (entities with an event within the longest window), as of
     * 23:59:59.
     */
    DAILY_SNAPSHOT
  }

  public FeatureSetSpec {
    entityKeys = List.copyOf(entityKeys);
    passThrough = List.copyOf(passThrough);
    features = List.copyOf(features);
    lookups = Map.copyOf(lookups);
  }

  /** Parses the set {@code name} from its section. */
  public static FeatureSetSpec from(String name, Settings s) {
    TableRef table = TableRef.parse(s.string("table", "features." + name), s.fullKey("table"));
    TableRef source = TableRef.parse(s.string("source"), s.fullKey("source"));
    List<String> keys = s.strings("entity-keys", List.of());
    if (keys.isEmpty()) {
      throw new ConfigError(
          s.fullKey("entity-keys"),
          "Config key '"
              + s.fullKey("entity-keys")
              + "' must name the entity's key column(s), e.g. entity-keys = [customer_id].");
    }
    Mode mode = s.choice("mode", Mode.class, Mode.PER_EVENT);
    Map<String, LookupSpec> lookups = new LinkedHashMap<>();
    s.namedSections("lookups").forEach((n, l) -> lookups.put(n, lookup(n, l)));
    FeatureSetSpec spec =
        new FeatureSetSpec(
            name,
            table,
            source,
            s.optionalString("source-date-column"),
            keys,
            s.string("event-time"),
            mode,
            s.strings("pass-through", List.of()),
            features(s, lookups, mode),
            lookups);
    if (mode == Mode.DAILY_SNAPSHOT && !spec.passThrough().isEmpty()) {
      throw new ConfigError(
          s.fullKey("pass-through"),
          "Config key '"
              + s.fullKey("pass-through")
              + "' copies event columns, which a daily snapshot (mode = daily-snapshot) does not"
              + " have: remove it or use mode = per-event.");
    }
    spec.checkNames(s);
    s.declare(List.of("description"));
    s.rejectUnknownKeys();
    return spec;
  }

  /** The longest window of any aggregation, in seconds (0 when none). */
  public long longestWindowSeconds() {
    return features.stream()
        .filter(f -> f instanceof FeatureSpec.WindowAggregation)
        .mapToLong(f -> ((FeatureSpec.WindowAggregation) f).window().seconds())
        .max()
        .orElse(0);
  }

  /** Whole days before a run date whose events the run date's windows can reach. */
  public long lookbackDays() {
    return (longestWindowSeconds() + 86_399) / 86_400;
  }

  /**
   * The definition hash: the first 16 hex digits of the SHA-256 of the canonical definition (mode,
   * source, keys, event time, pass-through, lookups, features in order). The table's name and where
   * it is read from are left out: they do not change values.
   */
  public String definitionHash() {
    StringBuilder text = new StringBuilder();
    text.append("mode ").append(mode).append('\n');
    text.append("source ").append(source).append('\n');
    text.append("keys ").append(entityKeys).append('\n');
    text.append("time ").append(eventTime).append('\n');
    text.append("pass ").append(passThrough).append('\n');
    lookups.values().stream()
        .map(LookupSpec::canonical)
        .sorted()
        .forEach(l -> text.append(l).append('\n'));
    features.forEach(f -> text.append(f.canonical()).append('\n'));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static LookupSpec lookup(String name, Settings l) {
    List<String> keys = l.strings("keys", List.of());
    if (keys.isEmpty()) {
      throw new ConfigError(
          l.fullKey("keys"),
          "Config key '"
              + l.fullKey("keys")
              + "' must name the column(s) the source and the reference table share, e.g."
              + " keys = [merchant_id].");
    }
    LookupSpec spec =
        new LookupSpec(
            name,
            TableRef.parse(l.string("table"), l.fullKey("table")),
            keys,
            l.string("as-of"),
            l.optionalString("tie-break"));
    l.declare(List.of("description"));
    return spec;
  }

  private static List<FeatureSpec> features(
      Settings s, Map<String, LookupSpec> lookups, Mode mode) {
    List<? extends ConfigObject> items;
    try {
      items = s.has("features") ? s.config().getObjectList("features") : List.of();
    } catch (ConfigException.WrongType e) {
      throw new ConfigError(
          s.fullKey("features"),
          "Config key '"
              + s.fullKey("features")
              + "' must be a list of features [ { name = ..., expr | agg | lookup = ... } ].");
    }
    if (items.isEmpty()) {
      throw new ConfigError(
          s.fullKey("features"),
          "Config key '"
              + s.fullKey("features")
              + "' declares no feature: add features = [ { name = ..., expr | agg | lookup = ..."
              + " } ].");
    }
    List<FeatureSpec> features = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String path = s.fullKey(ConfigUtil.joinPath("features", String.valueOf(i)));
      Settings item =
          Settings.of(ConfigFactory.empty().withValue(path, items.get(i))).section(path);
      FeatureSpec feature = feature(item, lookups);
      if (mode == Mode.DAILY_SNAPSHOT && !(feature instanceof FeatureSpec.WindowAggregation)) {
        throw new ConfigError(
            path,
            "Feature '"
                + feature.name()
                + "' ("
                + path
                + ") is not a windowed aggregation; a daily snapshot (mode = daily-snapshot) has"
                + " one row per entity and day, so it takes aggregations (agg = ...) only.");
      }
      features.add(feature);
      item.rejectUnknownKeys();
    }
    return features;
  }

  private static FeatureSpec feature(Settings f, Map<String, LookupSpec> lookups) {
    String name = f.string("name");
    List<String> kinds = new ArrayList<>();
    for (String k : List.of("expr", "agg", "lookup")) {
      if (f.has(k)) {
        kinds.add(k);
      }
    }
    if (kinds.size() != 1) {
      throw new ConfigError(
          f.path(),
          "Feature '"
              + name
              + "' ("
              + f.path()
              + ") must have exactly one of expr (a Spark SQL expression), agg (a windowed"
              + " aggregation: "
              + String.join(", ", Aggregation.keys())
              + ") or lookup, but has "
              + (kinds.isEmpty() ? "none" : String.join(" and ", kinds))
              + ".");
    }
    switch (kinds.get(0)) {
      case "expr" -> {
        String expr = f.string("expr");
        SqlExpressions.referencedColumns(expr, f.fullKey("expr"));
        return new FeatureSpec.RowExpression(name, expr);
      }
      case "lookup" -> {
        String lookup = f.string("lookup");
        if (!lookups.containsKey(lookup)) {
          throw new ConfigError(
              f.fullKey("lookup"),
              "Config key '"
                  + f.fullKey("lookup")
                  + "' names lookup '"
                  + lookup
                  + "', which is not declared under lookups"
                  + NearestNames.didYouMean(lookup, lookups.keySet())
                  + ". Declared: "
                  + lookups.keySet()
                  + ".");
        }
        return new FeatureSpec.Lookup(name, lookup, f.string("column"));
      }
      default -> {
        return aggregation(f, name);
      }
    }
  }

  private static FeatureSpec.WindowAggregation aggregation(Settings f, String name) {
    String written = f.string("agg");
    Aggregation aggregation = null;
    for (Aggregation a : Aggregation.values()) {
      if (a.key().equals(written.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))) {
        aggregation = a;
      }
    }
    if (aggregation == null) {
      throw new ConfigError(
          f.fullKey("agg"),
          "Config key '"
              + f.fullKey("agg")
              + "' names an unknown aggregation '"
              + written
              + "'"
              + NearestNames.didYouMean(written, Aggregation.keys())
              + ". Aggregations: "
              + String.join(", ", Aggregation.keys())
              + ".");
    }
    Optional<String> column = f.optionalString("column");
    if (aggregation.needsColumn() && column.isEmpty()) {
      throw new ConfigError(
          f.fullKey("column"),
          "Config key '"
              + f.fullKey("column")
              + "' is missing: agg = "
              + aggregation.key()
              + " (feature '"
              + name
              + "') needs the column it aggregates.");
    }
    if (aggregation == Aggregation.TIME_SINCE_PREVIOUS && column.isPresent()) {
      throw new ConfigError(
          f.fullKey("column"),
          "Config key '"
              + f.fullKey("column")
              + "' does not apply: time-since-previous measures the entity's event times.");
    }
    FeatureWindow window = FeatureWindow.parse(f.string("window"), f.fullKey("window"));
    boolean include;
    if (aggregation == Aggregation.TIME_SINCE_PREVIOUS) {
      // The current event is never its own previous event.
      if (f.has("current-row") && !f.string("current-row").trim().equals("exclude")) {
        throw new ConfigError(
            f.fullKey("current-row"),
            "Config key '"
                + f.fullKey("current-row")
                + "' must be exclude for time-since-previous (an event is not its own previous"
                + " event).");
      }
      include = false;
    } else {
      String current = f.has("current-row") ? f.string("current-row").trim() : "";
      if (!current.equals("include") && !current.equals("exclude")) {
        throw new ConfigError(
            f.fullKey("current-row"),
            "Config key '"
                + f.fullKey("current-row")
                + "' must be include or exclude (whether the event's own row is in its window), but"
                + " is "
                + (current.isEmpty() ? "missing" : "'" + current + "'")
                + ".");
      }
      include = current.equals("include");
    }
    return new FeatureSpec.WindowAggregation(name, aggregation, column, window, include);
  }

  /** Output names: unique, and none taken by the table's own columns. */
  private void checkNames(Settings s) {
    Set<String> taken = new LinkedHashSet<>(entityKeys);
    taken.addAll(List.of(EVENT_TS, CREATED_TS, FEATURE_DATE, DEFINITION_HASH));
    for (String p : passThrough) {
      if (!taken.add(p)) {
        throw new ConfigError(
            s.fullKey("pass-through"),
            "Config key '"
                + s.fullKey("pass-through")
                + "' names '"
                + p
                + "', which is already a column of the feature table: remove it.");
      }
    }
    for (FeatureSpec f : features) {
      if (!taken.add(f.name())) {
        throw new ConfigError(
            s.fullKey("features"),
            "Feature name '"
                + f.name()
                + "' ("
                + s.fullKey("features")
                + ") is used twice or is one of the feature table's own columns "
                + List.of(EVENT_TS, CREATED_TS, FEATURE_DATE, DEFINITION_HASH)
                + ", the entity keys or the pass-through columns: rename it.");
      }
    }
  }
}
