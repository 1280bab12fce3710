package io.mljobs.quality;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.NearestNames;
import io.mljobs.common.config.Settings;
import io.mljobs.common.schema.DatePartition;
import io.mljobs.common.table.TableRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * Parses {@code mljobs.datasets} into {@link DatasetSpec}s before Spark starts. Every problem is a
 * {@link ConfigError} naming the key: an unknown check type (with the nearest type suggested), a
 * missing column, a regex that does not compile, bounds with min above max.
 *
 * <pre>{@code
 * mljobs.datasets.pos_transactions {
 *   table = "bronze.pos_transactions"
 *   partition-column = "_run_date"      # optional: check one date's partition at a time
 *   # or an event date, computed when the table lacks it:
 *   # partition = { column = event_date, expr = "to_date(event_ts)" }
 *   row-level = quarantine              # or fail (default)
 *   checks = [
 *     { type = completeness, column = amount, min = 0.99, severity = error }
 *     { type = uniqueness, columns = [transaction_id] }
 *   ]
 * }
 * }</pre>
 */
public final class DatasetSpecs {
  private static final Set<String> ROW_LEVEL_FRACTION_TYPES =
      Set.of("range", "non-negative", "allowed-values", "pattern", "referential", "sql");

  private DatasetSpecs() {}

  /** Every dataset under {@code mljobs.datasets}, by name (sorted). */
  public static Map<String, DatasetSpec> from(Settings mljobs) {
    Map<String, DatasetSpec> result = new LinkedHashMap<>();
    // The promotion defaults live in mljobs.quality: read (and validate) the whole section, so a
    // job
    // that reads the datasets but not the quality settings does not take its keys for typos.
    QualitySettings.from(mljobs);
    PromotionSpec defaults = PromotionSpec.defaults(mljobs.sectionOrEmpty("quality"));
    mljobs
        .namedSections("datasets")
        .forEach((name, section) -> result.put(name, dataset(name, section, defaults)));
    return result;
  }

  /** One dataset section, with the built-in promotion defaults. */
  public static DatasetSpec dataset(String name, Settings s) {
    return dataset(name, s, PromotionSpec.DEFAULTS);
  }

  /** One dataset section; promotion keys it leaves out come from {@code promotionDefaults}. */
  public static DatasetSpec dataset(String name, Settings s, PromotionSpec promotionDefaults) {
    TableRef table = TableRef.parse(s.string("table"), s.fullKey("table"));
    Optional<String> partition = s.optionalString("partition-column");
    Optional<DatePartition> computed = DatePartition.from(s);
    if (computed.isPresent()) {
      if (partition.isPresent()) {
        throw new ConfigError(
            s.fullKey("partition-column"),
            "Config keys '"
                + s.fullKey("partition-column")
                + "' and '"
                + s.fullKey(DatePartition.KEY)
                + "' both name the date partition: keep one.");
      }
      partition = Optional.of(computed.get().column());
    }
    TableRef silver =
        TableRef.parse(s.string("silver-table", "silver." + name), s.fullKey("silver-table"));
    TableRef quarantine =
        TableRef.parse(
            s.string("quarantine-table", "quarantine." + name), s.fullKey("quarantine-table"));
    RowLevelMode mode = s.choice("row-level", RowLevelMode.class, RowLevelMode.FAIL);
    s.declare(List.of("description"));
    List<CheckSpec> checks = checks(s);
    PromotionSpec promotion = PromotionSpec.from(s, promotionDefaults);
    return new DatasetSpec(
        name,
        table,
        partition,
        silver,
        quarantine,
        withKeyCheck(checks, promotion),
        mode,
        promotion,
        computed.flatMap(DatePartition::expr));
  }

  /**
   * The checks plus an error-level uniqueness check of the primary key when none is declared: rows
   * sharing a key within one delivery close the gate (a MERGE could not tell which one to keep).
   */
  private static List<CheckSpec> withKeyCheck(List<CheckSpec> checks, PromotionSpec promotion) {
    if (!promotion.hasPrimaryKey()
        || checks.stream()
            .anyMatch(
                c ->
                    c instanceof CheckSpec.Uniqueness u
                        && u.columns().equals(promotion.primaryKey())
                        && u.severity() == Severity.ERROR
                        && u.min() >= 1.0)) {
      return checks;
    }
    List<CheckSpec> all = new ArrayList<>(checks);
    all.add(
        new CheckSpec.Uniqueness(
            "primary-key(" + String.join(",", promotion.primaryKey()) + ")",
            Severity.ERROR,
            promotion.primaryKey(),
            1.0));
    return all;
  }

  private static List<CheckSpec> checks(Settings dataset) {
    if (!dataset.has("checks")) {
      return List.of();
    }
    List<? extends ConfigObject> items;
    try {
      items = dataset.config().getObjectList("checks");
    } catch (ConfigException.WrongType e) {
      throw new ConfigError(
          dataset.fullKey("checks"),
          "Config key '"
              + dataset.fullKey("checks")
              + "' must be a list of checks [ { type = ..., ... } ] ("
              + e.getMessage()
              + ").");
    }
    List<CheckSpec> checks = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String path = dataset.fullKey(ConfigUtil.joinPath("checks", String.valueOf(i)));
      Settings item =
          Settings.of(ConfigFactory.empty().withValue(path, items.get(i))).section(path);
      CheckSpec check = check(item, names);
      names.add(check.name());
      checks.add(check);
    }
    return checks;
  }

  static CheckSpec check(Settings c, Set<String> taken) {
    String type = c.string("type").trim().toLowerCase(Locale.ROOT);
    if (!CheckSpec.TYPES.contains(type)) {
      throw new ConfigError(
          c.fullKey("type"),
          "Config key '"
              + c.fullKey("type")
              + "' names an unknown check type '"
              + type
              + "'"
              + NearestNames.didYouMean(type, CheckSpec.TYPES)
              + ". Check types: "
              + CheckSpec.TYPES
              + ".");
    }
    Severity severity = c.choice("severity", Severity.class, Severity.ERROR);
    double minFraction =
        ROW_LEVEL_FRACTION_TYPES.contains(type) ? fraction(c, "min-fraction", 1.0) : 1.0;
    String derived;
    CheckSpec spec;
    switch (type) {
      case "completeness" -> {
        String column = column(c);
        derived = type + "(" + column + ")";
        spec =
            new CheckSpec.Completeness(
                name(c, derived, taken), severity, column, fraction(c, "min", 1.0));
      }
      case "uniqueness" -> {
        List<String> columns = c.strings("columns", List.of());
        if (columns.isEmpty()) {
          throw new ConfigError(
              c.fullKey("columns"),
              "Config key '"
                  + c.fullKey("columns")
                  + "' must list the key columns of a uniqueness check, e.g. columns ="
                  + " [transaction_id].");
        }
        derived = type + "(" + String.join(",", columns) + ")";
        spec =
            new CheckSpec.Uniqueness(
                name(c, derived, taken), severity, columns, fraction(c, "min", 1.0));
      }
      case "range" -> {
        String column = column(c);
        Optional<Double> min = optionalNumber(c, "min");
        Optional<Double> max = optionalNumber(c, "max");
        requireBounds(c, min, max);
        derived = type + "(" + column + ")";
        spec =
            new CheckSpec.Range(name(c, derived, taken), severity, column, min, max, minFraction);
      }
      case "non-negative" -> {
        String column = column(c);
        derived = type + "(" + column + ")";
        spec = new CheckSpec.NonNegative(name(c, derived, taken), severity, column, minFraction);
      }
      case "allowed-values" -> {
        String column = column(c);
        List<String> values = c.strings("values", List.of());
        if (values.isEmpty()) {
          throw new ConfigError(
              c.fullKey("values"),
              "Config key '"
                  + c.fullKey("values")
                  + "' must list the allowed values, e.g. values = [EUR, USD, GBP].");
        }
        derived = type + "(" + column + ")";
        spec =
            new CheckSpec.AllowedValues(
                name(c, derived, taken), severity, column, values, minFraction);
      }
      case "pattern" -> {
        String column = column(c);
        String regex = c.string("regex");
        try {
          java.util.regex.Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
          throw new ConfigError(
              c.fullKey("regex"),
              "Config key '"
                  + c.fullKey("regex")
                  + "' is not a valid regular expression: "
                  + e.getDescription()
                  + " near index "
                  + e.getIndex()
                  + " of '"
                  + regex
                  + "'. Use Java regex syntax (escape \\ as \\\\ inside HOCON quotes).");
        }
        derived = type + "(" + column + ")";
        spec = new CheckSpec.Pattern(name(c, derived, taken), severity, column, regex, minFraction);
      }
      case "quantile" -> {
        String column = column(c);
        double quantile = c.number("quantile", 0.5);
        if (quantile < 0 || quantile > 1) {
          throw new ConfigError(
              c.fullKey("quantile"),
              "Config key '"
                  + c.fullKey("quantile")
                  + "' must be within [0, 1], but is "
                  + quantile
                  + ".");
        }
        Optional<Double> min = optionalNumber(c, "min");
        Optional<Double> max = optionalNumber(c, "max");
        requireBounds(c, min, max);
        derived = type + "(" + column + "," + quantile + ")";
        spec =
            new CheckSpec.Quantile(name(c, derived, taken), severity, column, quantile, min, max);
      }
      case "row-count" -> {
        Optional<Long> min = c.has("min") ? Optional.of(c.longValue("min", 0)) : Optional.empty();
        Optional<Long> max = c.has("max") ? Optional.of(c.longValue("max", 0)) : Optional.empty();
        requireBounds(c, min.map(Long::doubleValue), max.map(Long::doubleValue));
        derived = type;
        spec = new CheckSpec.RowCount(name(c, derived, taken), severity, min, max);
      }
      case "freshness" -> {
        String column = column(c);
        Duration maxAge = c.duration("max-age", null);
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
          throw new ConfigError(
              c.fullKey("max-age"),
              "Config key '"
                  + c.fullKey("max-age")
                  + "' must be a positive duration such as 2d or 36h.");
        }
        derived = type + "(" + column + ")";
        spec = new CheckSpec.Freshness(name(c, derived, taken), severity, column, maxAge);
      }
      case "referential" -> {
        String column = column(c);
        TableRef table = TableRef.parse(c.string("table"), c.fullKey("table"));
        String refColumn = c.string("ref-column", column);
        derived = type + "(" + column + ")";
        spec =
            new CheckSpec.Referential(
                name(c, derived, taken), severity, column, table, refColumn, minFraction);
      }
      case "sql" -> {
        String predicate = c.string("predicate").trim();
        if (predicate.isEmpty()) {
          throw new ConfigError(
              c.fullKey("predicate"), "Config key '" + c.fullKey("predicate") + "' is empty.");
        }
        derived = "sql";
        spec = new CheckSpec.Sql(name(c, derived, taken), severity, predicate, minFraction);
      }
      case "anomaly" -> {
        CheckSpec.Anomaly anomaly = anomaly(c, severity, taken);
        derived = null;
        spec = anomaly;
      }
      default -> throw new IllegalStateException(type);
    }
    c.rejectUnknownKeys();
    return spec;
  }

  private static CheckSpec.Anomaly anomaly(Settings c, Severity severity, Set<String> taken) {
    String metric = c.string("metric").trim().toLowerCase(Locale.ROOT);
    if (!CheckSpec.Anomaly.METRICS.contains(metric)) {
      throw new ConfigError(
          c.fullKey("metric"),
          "Config key '"
              + c.fullKey("metric")
              + "' names an unknown metric '"
              + metric
              + "'"
              + NearestNames.didYouMean(metric, CheckSpec.Anomaly.METRICS)
              + ". Anomaly metrics: "
              + CheckSpec.Anomaly.METRICS
              + ".");
    }
    Optional<String> column = Optional.empty();
    if (CheckSpec.Anomaly.COLUMN_METRICS.contains(metric)) {
      if (!c.has("column")) {
        throw new ConfigError(
            c.fullKey("column"),
            "Missing config key '"
                + c.fullKey("column")
                + "': the "
                + metric
                + " metric of an anomaly check is a column's (column = <name>).");
      }
      column = Optional.of(column(c));
    } else if (c.has("column")) {
      throw new ConfigError(
          c.fullKey("column"),
          "Config key '"
              + c.fullKey("column")
              + "': the "
              + metric
              + " metric is the whole dataset's; remove the column.");
    }
    String strategyName = c.string("strategy").trim().toLowerCase(Locale.ROOT);
    AnomalyStrategy strategy;
    switch (strategyName) {
      case "relative-rate-of-change" -> {
        Optional<Double> increase = optionalNumber(c, "max-increase");
        Optional<Double> decrease = optionalNumber(c, "max-decrease");
        if (increase.isEmpty() && decrease.isEmpty()) {
          throw new ConfigError(
              c.fullKey("max-increase"),
              "A relative-rate-of-change anomaly check at '"
                  + c.path()
                  + "' needs max-increase, max-decrease or both (shares: 0.5 = 50%).");
        }
        if (increase.isPresent() && increase.get() < 0) {
          throw new ConfigError(
              c.fullKey("max-increase"),
              "Config key '" + c.fullKey("max-increase") + "' must be >= 0 (0.5 = 50%).");
        }
        if (decrease.isPresent() && (decrease.get() < 0 || decrease.get() > 1)) {
          throw new ConfigError(
              c.fullKey("max-decrease"),
              "Config key '" + c.fullKey("max-decrease") + "' must be within [0, 1] (0.5 = 50%).");
        }
        strategy = new AnomalyStrategy.RelativeRateOfChange(increase, decrease);
      }
      case "online-normal" -> {
        Optional<Double> upper = optionalNumber(c, "upper-deviation-factor");
        Optional<Double> lower = optionalNumber(c, "lower-deviation-factor");
        for (String key : List.of("upper-deviation-factor", "lower-deviation-factor")) {
          if (c.has(key) && c.number(key, 0) < 0) {
            throw new ConfigError(
                c.fullKey(key), "Config key '" + c.fullKey(key) + "' must be >= 0.");
          }
        }
        if (upper.isEmpty() && lower.isEmpty()) { // Deequ's default: 3σ either way
          upper = Optional.of(3.0);
          lower = Optional.of(3.0);
        }
        strategy = new AnomalyStrategy.OnlineNormal(upper, lower);
      }
      case "batch-normal" -> {
        for (String key : List.of("upper-deviation-factor", "lower-deviation-factor")) {
          if (c.has(key) && c.number(key, 0) < 0) {
            throw new ConfigError(
                c.fullKey(key), "Config key '" + c.fullKey(key) + "' must be >= 0.");
          }
        }
        Optional<Double> upper = optionalNumber(c, "upper-deviation-factor");
        Optional<Double> lower = optionalNumber(c, "lower-deviation-factor");
        if (upper.isEmpty() && lower.isEmpty()) { // Deequ's default: 3σ either way
          upper = Optional.of(3.0);
          lower = Optional.of(3.0);
        }
        strategy = new AnomalyStrategy.BatchNormal(upper, lower);
      }
      case "absolute-change" -> {
        Optional<Double> increase = changeBound(c, "max-increase");
        Optional<Double> decrease = changeBound(c, "max-decrease");
        requireOneChangeBound(c, increase, decrease, "amounts in the metric's unit");
        strategy = new AnomalyStrategy.AbsoluteChange(increase, decrease);
      }
      case "median" -> {
        Optional<Double> increase = changeBound(c, "max-increase");
        Optional<Double> decrease = changeBound(c, "max-decrease");
        requireOneChangeBound(c, increase, decrease, "shares: 0.5 = 50%");
        if (decrease.isPresent() && decrease.get() > 1) {
          throw new ConfigError(
              c.fullKey("max-decrease"),
              "Config key '" + c.fullKey("max-decrease") + "' must be within [0, 1] (0.5 = 50%).");
        }
        strategy = new AnomalyStrategy.Median(increase, decrease);
      }
      case "holt-winters" -> {
        String seasonality = c.string("seasonality", "weekly").trim().toLowerCase(Locale.ROOT);
        if (!seasonality.equals("weekly")) {
          throw new ConfigError(
              c.fullKey("seasonality"),
              "Config key '"
                  + c.fullKey("seasonality")
                  + "' must be weekly (Deequ's Holt-Winters over daily runs), but is '"
                  + seasonality
                  + "'.");
        }
        strategy = new AnomalyStrategy.HoltWinters();
      }
      default ->
          throw new ConfigError(
              c.fullKey("strategy"),
              "Config key '"
                  + c.fullKey("strategy")
                  + "' names an unknown anomaly strategy '"
                  + strategyName
                  + "'"
                  + NearestNames.didYouMean(strategyName, AnomalyStrategy.NAMES)
                  + ". Strategies: "
                  + AnomalyStrategy.NAMES
                  + ".");
    }
    int minHistory = c.integer("min-history", strategy.defaultMinHistory(), 1);
    int window = c.integer("window", strategy.defaultWindow(), 0);
    if (window > 0 && window < minHistory) {
      throw new ConfigError(
          c.fullKey("window"),
          "Config key '"
              + c.fullKey("window")
              + "' ("
              + window
              + ") is smaller than min-history ("
              + minHistory
              + "): the check could never judge. Raise window or lower min-history.");
    }
    if (window > 0
        && window < 2 * AnomalyStrategy.HoltWinters.PERIOD
        && strategy instanceof AnomalyStrategy.HoltWinters) {
      throw new ConfigError(
          c.fullKey("window"),
          "Config key '"
              + c.fullKey("window")
              + "' must be 0 (every run) or at least 14 for holt-winters: Deequ fits it on two"
              + " full weeks.");
    }
    List<CheckSpec.Anomaly.RunTag> exclude = new ArrayList<>();
    for (String item : c.strings("exclude-runs", List.of())) {
      int eq = item.indexOf('=');
      if (eq <= 0 || eq == item.length() - 1) {
        throw new ConfigError(
            c.fullKey("exclude-runs"),
            "Config key '"
                + c.fullKey("exclude-runs")
                + "' lists '"
                + item
                + "', which is not tag=value (e.g. exclude-runs = [\"catch-up=true\","
                + " \"gate=failed\"]).");
      }
      exclude.add(
          new CheckSpec.Anomaly.RunTag(
              item.substring(0, eq).trim(), item.substring(eq + 1).trim()));
    }
    String derived = "anomaly(" + metric + column.map(col -> "," + col).orElse("") + ")";
    return new CheckSpec.Anomaly(
        name(c, derived, taken), severity, metric, column, strategy, minHistory, window, exclude);
  }

  private static Optional<Double> changeBound(Settings c, String key) {
    Optional<Double> value = optionalNumber(c, key);
    if (value.isPresent() && value.get() < 0) {
      throw new ConfigError(c.fullKey(key), "Config key '" + c.fullKey(key) + "' must be >= 0.");
    }
    return value;
  }

  private static void requireOneChangeBound(
      Settings c, Optional<Double> increase, Optional<Double> decrease, String unit) {
    if (increase.isEmpty() && decrease.isEmpty()) {
      throw new ConfigError(
          c.fullKey("max-increase"),
          "A "
              + c.string("strategy")
              + " anomaly check at '"
              + c.path()
              + "' needs max-increase, max-decrease or both ("
              + unit
              + ").");
    }
  }

  private static String column(Settings c) {
    if (!c.has("column")) {
      throw new ConfigError(
          c.fullKey("column"),
          "Missing config key '"
              + c.fullKey("column")
              + "': a "
              + c.string("type")
              + " check names the column it checks (column = <name>).");
    }
    String column = c.string("column").trim();
    if (column.isEmpty()) {
      throw new ConfigError(
          c.fullKey("column"), "Config key '" + c.fullKey("column") + "' is empty.");
    }
    return column;
  }

  private static String name(Settings c, String derived, Set<String> taken) {
    Optional<String> explicit = c.optionalString("name");
    if (explicit.isPresent()) {
      if (taken.contains(explicit.get())) {
        throw new ConfigError(
            c.fullKey("name"),
            "Config key '"
                + c.fullKey("name")
                + "': another check of this dataset is already named '"
                + explicit.get()
                + "'. Check names must be unique.");
      }
      return explicit.get();
    }
    String name = derived;
    for (int n = 2; taken.contains(name); n++) {
      name = derived + "#" + n;
    }
    return name;
  }

  private static double fraction(Settings c, String key, double defaultValue) {
    double value = c.number(key, defaultValue);
    if (value < 0 || value > 1) {
      throw new ConfigError(
          c.fullKey(key),
          "Config key '"
              + c.fullKey(key)
              + "' is a share of rows within [0, 1], but is "
              + value
              + ".");
    }
    return value;
  }

  private static Optional<Double> optionalNumber(Settings c, String key) {
    return c.has(key) ? Optional.of(c.number(key, 0)) : Optional.empty();
  }

  private static void requireBounds(Settings c, Optional<Double> min, Optional<Double> max) {
    if (min.isEmpty() && max.isEmpty()) {
      throw new ConfigError(
          c.fullKey("min"),
          "A " + c.string("type") + " check at '" + c.path() + "' needs min, max or both.");
    }
    if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
      throw new ConfigError(
          c.fullKey("min"),
          "Config key '"
              + c.fullKey("min")
              + "' ("
              + CheckSpec.Checks.number(min.get())
              + ") is greater than '"
              + c.fullKey("max")
              + "' ("
              + CheckSpec.Checks.number(max.get())
              + "): no value could pass. Swap them or fix the bounds.");
    }
  }
}
