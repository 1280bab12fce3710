package io.mljobs.quality;

import static io.mljobs.quality.DeequInterop.atLeast;
import static io.mljobs.quality.DeequInterop.between;
import static io.mljobs.quality.DeequInterop.list;
import static io.mljobs.quality.DeequInterop.none;
import static io.mljobs.quality.DeequInterop.some;
import static org.apache.spark.sql.functions.col;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.constraints.Constraint;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.ConstraintStatus;
import com.amazon.deequ.metrics.DoubleMetric;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.ResultKey;
import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.NearestNames;
import io.mljobs.common.table.TableRef;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The Java face of Deequ for mljobs: turns a dataset's {@link CheckSpec}s into Deequ constraints
 * (one {@code Check} per severity level), runs them all in one {@code VerificationSuite} run (so
 * Deequ shares scans between analyzers), and returns an immutable {@link QualityReport}. No Scala
 * type crosses this class's public API.
 *
 * <pre>{@code
 * QualityReport report = QualityChecks.of(dataset)
 *     .runDate(LocalDate.parse("2026-11-07"))
 *     .referenceTables(ref -> spark.read().format("delta").load(warehouse.pathOf(ref)))
 *     .saveMetricsTo(metricsRepository, Map.of("run_id", runId))
 *     .run(rows);
 * }</pre>
 *
 * <p>Freshness and referential checks are computed inside the same run: the checked rows get a
 * derived column (the event time in epoch seconds; a found-in-reference flag from a left join with
 * the reference keys) that Deequ's {@code Maximum} and {@code Compliance} analyzers read.
 */
public final class QualityChecks {
  static final String FRESHNESS_PREFIX = "__freshness__";

  /** The result-key tag holding the run's gate verdict ({@code passed} or {@code failed}). */
  public static final String GATE_TAG = "gate";

  /** Missing reference keys a failed referential check names in its message. */
  static final int MISSING_KEYS_SHOWN = 10;

  private final DatasetSpec dataset;
  private final LocalDate runDate;
  private final String label;
  private final Function<TableRef, Dataset<Row>> referenceTables;
  private final DeltaMetricsRepository repository;
  private final Map<String, String> tags;

  private QualityChecks(
      DatasetSpec dataset,
      LocalDate runDate,
      String label,
      Function<TableRef, Dataset<Row>> referenceTables,
      DeltaMetricsRepository repository,
      Map<String, String> tags) {
    this.dataset = dataset;
    this.runDate = runDate;
    this.label = label;
    this.referenceTables = referenceTables;
    this.repository = repository;
    this.tags = Map.copyOf(tags);
  }

  /** Checks of {@code dataset}, for today's date, with no reference tables and no history. */
  public static QualityChecks of(DatasetSpec dataset) {
    Objects.requireNonNull(dataset, "dataset");
    return new QualityChecks(
        dataset,
        LocalDate.now(ZoneOffset.UTC),
        dataset.table().toString(),
        ref -> {
          throw new IllegalStateException("no reference tables given for " + ref);
        },
        null,
        Map.of());
  }

  /** The logical date: freshness is judged at its end, metrics are keyed by it. */
  public QualityChecks runDate(LocalDate date) {
    return new QualityChecks(dataset, date, label, referenceTables, repository, tags);
  }

  /** How the checked rows are named in messages ({@code bronze.x (_run_date = 2026-11-07)}). */
  public QualityChecks describedAs(String description) {
    return new QualityChecks(dataset, runDate, description, referenceTables, repository, tags);
  }

  /** How referential checks read their reference table. */
  public QualityChecks referenceTables(Function<TableRef, Dataset<Row>> reader) {
    return new QualityChecks(dataset, runDate, label, reader, repository, tags);
  }

  /**
   * Saves every computed metric to {@code metrics} under the result key (run date, {@code tags}
   * plus {@code dataset}).
   */
  public QualityChecks saveMetricsTo(DeltaMetricsRepository metrics, Map<String, String> keyTags) {
    return new QualityChecks(dataset, runDate, label, referenceTables, metrics, keyTags);
  }

  /** The result key's date: the run date's start, in epoch milliseconds (UTC). */
  public static long resultDate(LocalDate date) {
    return date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  // ---- validation -----------------------------------------------------------------------

  /**
   * The columns of {@code data} that the checks read (named columns and those a SQL predicate
   * refers to), in {@code data}'s order: select only these before {@link #run} so a wide table is
   * not read or cached whole to check a few columns. Validates the checks first ({@link
   * #validate}).
   */
  public List<String> readColumns(Dataset<Row> data) {
    validate(data);
    java.util.Set<String> wanted = new java.util.HashSet<>();
    for (CheckSpec check : dataset.checks()) {
      check.columns().forEach(c -> wanted.add(c.toLowerCase(Locale.ROOT)));
      if (check instanceof CheckSpec.Sql sql) {
        for (org.apache.spark.sql.catalyst.expressions.Attribute a :
            DeequInterop.javaList(
                data.select(functions.expr(sql.predicate()))
                    .queryExecution()
                    .analyzed()
                    .references()
                    .toSeq())) {
          wanted.add(a.name().toLowerCase(Locale.ROOT));
        }
      }
    }
    List<String> columns =
        Arrays.stream(data.columns())
            .filter(c -> wanted.contains(c.toLowerCase(Locale.ROOT)))
            .toList();
    // Row-count-only check sets still need one column to count rows over.
    return columns.isEmpty() ? List.of(data.columns()[0]) : columns;
  }

  /**
   * Fails with a {@link ConfigError} when a check names a column that is not in {@code schema}, a
   * column of the wrong type, or a SQL predicate that does not analyse; before Deequ runs, so users
   * see one clear line instead of a Spark analysis stack trace.
   */
  public void validate(Dataset<Row> data) {
    StructType schema = data.schema();
    for (CheckSpec check : dataset.checks()) {
      for (String column : check.columns()) {
        DataType type = requireColumn(check, column, schema, label);
        if (check instanceof CheckSpec.Range
            || check instanceof CheckSpec.NonNegative
            || check instanceof CheckSpec.Quantile) {
          if (!(type instanceof NumericType)) {
            throw wrongType(check, column, type, "a numeric");
          }
        }
        if (check instanceof CheckSpec.Anomaly a
            && CheckSpec.Anomaly.NUMERIC_METRICS.contains(a.metric())
            && !(type instanceof NumericType)) {
          throw wrongType(check, column, type, "a numeric");
        }
        if (check instanceof CheckSpec.Freshness
            && !(type instanceof TimestampType
                || type instanceof TimestampNTZType
                || type instanceof DateType)) {
          throw wrongType(check, column, type, "a timestamp or date");
        }
      }
      if (check instanceof CheckSpec.Sql sql) {
        DataType type;
        try {
          type = data.select(functions.expr(sql.predicate())).schema().fields()[0].dataType();
        } catch (Exception e) {
          throw new ConfigError(
              "mljobs.datasets." + dataset.name() + ".checks",
              "Check '"
                  + check.name()
                  + "' of dataset '"
                  + dataset.name()
                  + "': the predicate '"
                  + sql.predicate()
                  + "' is not valid SQL over "
                  + label
                  + ": "
                  + firstLine(e)
                  + " (columns: "
                  + String.join(", ", schema.fieldNames())
                  + ").");
        }
        if (!(type instanceof BooleanType)) {
          throw new ConfigError(
              "mljobs.datasets." + dataset.name() + ".checks",
              "Check '"
                  + check.name()
                  + "' of dataset '"
                  + dataset.name()
                  + "': the predicate '"
                  + sql.predicate()
                  + "' is "
                  + type.simpleString()
                  + ", not true/false.");
        }
      }
      if (check instanceof CheckSpec.Referential ref) {
        Dataset<Row> reference = referenceTables.apply(ref.table());
        requireColumn(check, ref.refColumn(), reference.schema(), ref.table().toString());
      }
    }
  }

  private DataType requireColumn(CheckSpec check, String column, StructType schema, String where) {
    for (StructField field : schema.fields()) {
      if (field.name().equalsIgnoreCase(column)) {
        return field.dataType();
      }
    }
    List<String> names = Arrays.asList(schema.fieldNames());
    throw new ConfigError(
        "mljobs.datasets." + dataset.name() + ".checks",
        "Check '"
            + check.name()
            + "' of dataset '"
            + dataset.name()
            + "' names column '"
            + column
            + "', which is not in "
            + where
            + NearestNames.didYouMean(column, names)
            + " (columns: "
            + String.join(", ", names)
            + ").");
  }

  private ConfigError wrongType(CheckSpec check, String column, DataType type, String wanted) {
    return new ConfigError(
        "mljobs.datasets." + dataset.name() + ".checks",
        "Check '"
            + check.name()
            + "' of dataset '"
            + dataset.name()
            + "' needs "
            + wanted
            + " column, but '"
            + column
            + "' in "
            + label
            + " is "
            + type.simpleString()
            + ".");
  }

  // ---- running --------------------------------------------------------------------------

  /** Validates, runs every check in one verification run, and saves the metrics if asked. */
  public QualityReport run(Dataset<Row> data) {
    validate(data);
    Dataset<Row> prepared = withDerivedColumns(data);
    Map<Severity, List<CheckSpec>> byLevel = new LinkedHashMap<>();
    Map<Severity, Check> checks = new LinkedHashMap<>();
    Map<String, Analyzer<?, Metric<?>>> anomalyAnalyzers = new LinkedHashMap<>();
    Map<String, AnomalyHistory> histories = new LinkedHashMap<>();
    for (Severity severity : Severity.values()) {
      List<CheckSpec> specs =
          dataset.checks().stream().filter(c -> c.severity() == severity).toList();
      if (specs.isEmpty()) {
        continue;
      }
      Check check =
          new Check(
              severity == Severity.ERROR ? CheckLevel.Error() : CheckLevel.Warning(),
              dataset.name() + " " + severity.label() + "s",
              list(List.<Constraint>of()));
      List<CheckSpec> judged = new ArrayList<>();
      for (CheckSpec spec : specs) {
        if (spec instanceof CheckSpec.Anomaly a) {
          Analyzer<?, Metric<?>> analyzer = DeequInterop.analyzer(a);
          anomalyAnalyzers.put(a.name(), analyzer);
          AnomalyHistory history =
              repository == null
                  ? null
                  : AnomalyHistory.select(repository, analyzer, a, historyEnd());
          histories.put(a.name(), history);
          if (history == null || history.values().size() < a.minHistory()) {
            continue; // judged once enough runs are recorded; its metric is still computed
          }
          check =
              DeequInterop.withAnomalyConstraint(
                  check, history.repository(), a.strategy(), analyzer, historyEnd());
        } else {
          check = check.addConstraint(constraint(spec));
        }
        judged.add(spec);
      }
      byLevel.put(severity, judged);
      checks.put(severity, check);
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    Analyzer<?, Metric<?>> size = (Analyzer) new Size(none());
    List<Analyzer<?, Metric<?>>> required = new ArrayList<>();
    required.add(size);
    required.addAll(anomalyAnalyzers.values());

    SparkJobCounter.Counted<VerificationResult> counted =
        SparkJobCounter.run(
            data.sparkSession().sparkContext(),
            "quality " + dataset.name(),
            () ->
                new VerificationSuite()
                    .onData(prepared)
                    .addChecks(list(new ArrayList<>(checks.values())))
                    .addRequiredAnalyzers(list(required))
                    .run());
    VerificationResult result = counted.value();

    Map<Analyzer<?, Metric<?>>, Metric<?>> metricMap = DeequInterop.javaMap(result.metrics());
    long rows = rowCount(metricMap.get(size));
    Map<String, CheckOutcome> outcomes = new LinkedHashMap<>();
    Map<Check, CheckResult> checkResults = DeequInterop.javaMap(result.checkResults());
    for (Map.Entry<Severity, Check> level : checks.entrySet()) {
      List<ConstraintResult> constraintResults =
          DeequInterop.javaList(checkResults.get(level.getValue()).constraintResults());
      List<CheckSpec> specs = byLevel.get(level.getKey());
      for (int i = 0; i < specs.size(); i++) {
        outcomes.put(
            specs.get(i).name(), outcome(specs.get(i), constraintResults.get(i), rows, histories));
      }
    }
    for (CheckSpec spec : dataset.checks()) {
      if (spec instanceof CheckSpec.Anomaly a && !outcomes.containsKey(a.name())) {
        outcomes.put(
            a.name(),
            noHistory(a, metricMap.get(anomalyAnalyzers.get(a.name())), histories.get(a.name())));
      }
    }
    for (CheckSpec spec : dataset.checks()) {
      CheckOutcome o = outcomes.get(spec.name());
      if (spec instanceof CheckSpec.Referential r
          && o.status() != CheckStatus.SUCCESS
          && o.metric() != null) {
        outcomes.put(spec.name(), withMissingKeys(o, r, prepared, rows));
      }
    }
    List<CheckOutcome> ordered =
        dataset.checks().stream().map(c -> outcomes.get(c.name())).toList();

    List<MetricRecord> metrics = new ArrayList<>();
    for (Metric<?> metric : metricMap.values()) {
      for (DoubleMetric m : DeequInterop.javaList(metric.flatten())) {
        if (m.value().isSuccess()) {
          metrics.add(
              new MetricRecord(
                  m.entity().toString(),
                  m.instance(),
                  m.name(),
                  ((Number) m.value().get()).doubleValue()));
        }
      }
    }
    metrics.sort(
        Comparator.comparing(MetricRecord::entity)
            .thenComparing(MetricRecord::instance)
            .thenComparing(MetricRecord::name));

    if (repository != null) {
      Map<String, String> keyTags = new LinkedHashMap<>(tags);
      keyTags.put("dataset", dataset.name());
      // Marks the run, so anomaly checks can leave failed runs out of their history.
      keyTags.put(GATE_TAG, ordered.stream().anyMatch(CheckOutcome::blocks) ? "failed" : "passed");
      repository.save(
          new ResultKey(resultDate(runDate), DeequInterop.map(keyTags)),
          new AnalyzerContext(result.metrics()));
    }
    return new QualityReport(dataset.name(), rows, ordered, metrics, counted.jobs());
  }

  /**
   * {@code outcome} with the missing keys of a failed referential check appended: how many rows
   * miss, and up to {@link #MISSING_KEYS_SHOWN} values with their row counts, most frequent first
   * (one more Spark job, only on failure).
   */
  private static CheckOutcome withMissingKeys(
      CheckOutcome outcome, CheckSpec.Referential check, Dataset<Row> prepared, long rows) {
    List<Row> top =
        prepared
            .where(functions.not(RowChecks.passes(check)))
            .groupBy(col(quote(check.column())).cast("string").as("key"))
            .count()
            .orderBy(functions.desc("count"), functions.asc("key"))
            .limit(MISSING_KEYS_SHOWN + 1)
            .collectAsList();
    long missingRows = Math.round((1.0 - outcome.metric()) * rows);
    StringBuilder keys = new StringBuilder();
    for (int i = 0; i < Math.min(top.size(), MISSING_KEYS_SHOWN); i++) {
      keys.append(i == 0 ? "" : ", ")
          .append("'")
          .append(top.get(i).getString(0))
          .append("' (")
          .append(top.get(i).getLong(1))
          .append(")");
    }
    String more = top.size() > MISSING_KEYS_SHOWN ? ", ..." : "";
    String message =
        outcome.message()
            + "; "
            + missingRows
            + " row(s) with a "
            + check.column()
            + " not in "
            + check.table()
            + ": "
            + keys
            + more;
    return new CheckOutcome(
        outcome.name(),
        outcome.type(),
        outcome.severity(),
        outcome.status(),
        outcome.metric(),
        message,
        outcome.gating());
  }

  /** History an anomaly check reads: results up to the end of the day before the run date. */
  private long historyEnd() {
    return resultDate(runDate) - 1;
  }

  private CheckOutcome noHistory(CheckSpec.Anomaly spec, Metric<?> metric, AnomalyHistory history) {
    int points = history == null ? 0 : history.values().size();
    Double value =
        metric != null && metric.value().isSuccess()
            ? ((Number) metric.value().get()).doubleValue()
            : null;
    String message =
        repository == null
            ? "no metrics history given; the anomaly check needs quality.metrics"
            : "no history yet; "
                + spec.minHistory()
                + " earlier run(s) needed, "
                + points
                + " found"
                + excludedNote(history)
                + " (this run's "
                + spec.subject()
                + " is recorded)";
    return new CheckOutcome(
        spec.name(),
        spec.type(),
        spec.severity(),
        CheckStatus.NO_HISTORY,
        value,
        message,
        dataset.gates(spec));
  }

  private Dataset<Row> withDerivedColumns(Dataset<Row> data) {
    Dataset<Row> prepared = data;
    for (CheckSpec check : dataset.checks()) {
      if (check instanceof CheckSpec.Freshness f) {
        prepared =
            prepared.withColumn(
                FRESHNESS_PREFIX + f.column(),
                col(quote(f.column())).cast("timestamp").cast("double"));
      } else if (check instanceof CheckSpec.Referential r) {
        prepared = RowChecks.withReferenceFlag(prepared, r, referenceTables.apply(r.table()));
      }
    }
    return prepared;
  }

  private Constraint constraint(CheckSpec spec) {
    if (spec instanceof CheckSpec.Completeness c) {
      return Constraint.completenessConstraint(
          c.column(), atLeast(c.min()), none(), none(), none());
    } else if (spec instanceof CheckSpec.Uniqueness u) {
      return Constraint.uniquenessConstraint(
          list(u.columns()), atLeast(u.min()), none(), none(), none());
    } else if (spec instanceof CheckSpec.Pattern p) {
      return Constraint.patternMatchConstraint(
          p.column(),
          new scala.util.matching.Regex(p.regex(), list(List.<String>of())),
          atLeast(p.minFraction()),
          some(quote(p.column()) + " IS NOT NULL"),
          some(p.name()),
          none(),
          none());
    } else if (spec instanceof CheckSpec.Quantile q) {
      return Constraint.approxQuantileConstraint(
          q.column(),
          q.quantile(),
          between(
              q.min().orElse(Double.NEGATIVE_INFINITY), q.max().orElse(Double.POSITIVE_INFINITY)),
          none(),
          none());
    } else if (spec instanceof CheckSpec.RowCount r) {
      return Constraint.sizeConstraint(
          between(
              r.min().map(Long::doubleValue).orElse(0.0),
              r.max().map(Long::doubleValue).orElse(Double.POSITIVE_INFINITY)),
          none(),
          none());
    } else if (spec instanceof CheckSpec.Freshness f) {
      return Constraint.maxConstraint(
          FRESHNESS_PREFIX + f.column(), atLeast(freshnessCutoff(f)), none(), none(), none());
    } else if (spec instanceof CheckSpec.Referential r) {
      return compliance(r.name(), quote(RowChecks.referenceFlag(r)), r.minFraction());
    }
    return compliance(spec.name(), RowChecks.sql(spec), spec.threshold());
  }

  private static Constraint compliance(String name, String predicate, double minFraction) {
    return Constraint.complianceConstraint(
        name, predicate, atLeast(minFraction), none(), none(), list(List.<String>of()), none());
  }

  private double freshnessCutoff(CheckSpec.Freshness f) {
    return runEnd().minus(f.maxAge()).getEpochSecond();
  }

  private Instant runEnd() {
    return runDate.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private CheckOutcome outcome(
      CheckSpec spec, ConstraintResult result, long rows, Map<String, AnomalyHistory> histories) {
    boolean gating = dataset.gates(spec);
    Double metric = null;
    String failure = null;
    Optional<Metric<?>> m = Optional.ofNullable(result.metric().getOrElse(() -> null));
    if (m.isPresent()) {
      if (m.get().value().isSuccess()) {
        metric = ((Number) m.get().value().get()).doubleValue();
      } else {
        failure = firstLine(m.get().value().failed().get());
      }
    }
    boolean countsRows =
        spec instanceof CheckSpec.RowCount
            || spec instanceof CheckSpec.Anomaly a && a.metric().equals("row-count");
    if (rows == 0 && !countsRows) {
      boolean measurable =
          spec instanceof CheckSpec.Quantile || spec instanceof CheckSpec.Freshness;
      if (!measurable) {
        return new CheckOutcome(
            spec.name(),
            spec.type(),
            spec.severity(),
            CheckStatus.SUCCESS,
            null,
            "no rows to check",
            gating);
      }
      return new CheckOutcome(
          spec.name(),
          spec.type(),
          spec.severity(),
          failedStatus(spec),
          null,
          "no rows in " + label + ": nothing to measure; expected " + spec.expectation(),
          gating);
    }
    if (result.status() == ConstraintStatus.Success()) {
      return new CheckOutcome(
          spec.name(), spec.type(), spec.severity(), CheckStatus.SUCCESS, metric, "", gating);
    }
    String message;
    if (metric == null) {
      message =
          "could not be computed: "
              + (failure != null ? failure : result.message().getOrElse(() -> "unknown reason"));
    } else {
      message = measured(spec, metric);
      if (spec instanceof CheckSpec.Anomaly a) {
        AnomalyHistory history = histories.get(a.name());
        message +=
            " against "
                + AnomalyBaseline.describe(a.strategy(), history.values(), metric)
                + "; expected "
                + spec.expectation()
                + " ("
                + history.values().size()
                + " earlier run(s)"
                + excludedNote(history)
                + ")";
      } else {
        message += "; expected " + spec.expectation();
      }
      if (dataset.quarantines(spec)) {
        message += "; offending rows go to " + dataset.quarantineTable();
      }
    }
    return new CheckOutcome(
        spec.name(), spec.type(), spec.severity(), failedStatus(spec), metric, message, gating);
  }

  private static String excludedNote(AnomalyHistory history) {
    return history == null || history.excluded() == 0
        ? ""
        : ", " + history.excluded() + " more left out by exclude-runs";
  }

  private CheckStatus failedStatus(CheckSpec spec) {
    if (dataset.quarantines(spec)) {
      return CheckStatus.QUARANTINED;
    }
    return spec.severity() == Severity.ERROR ? CheckStatus.FAILURE : CheckStatus.WARNING;
  }

  private String measured(CheckSpec spec, double value) {
    String v = String.format(Locale.ROOT, "%.4f", value);
    if (spec instanceof CheckSpec.Completeness c) {
      return "completeness of " + c.column() + " is " + v;
    } else if (spec instanceof CheckSpec.Uniqueness u) {
      return "uniqueness of " + String.join(", ", u.columns()) + " is " + v;
    } else if (spec instanceof CheckSpec.Pattern p) {
      return "share of matching " + p.column() + " values is " + v;
    } else if (spec instanceof CheckSpec.Quantile q) {
      return "approx. quantile " + q.quantile() + " of " + q.column() + " is " + v;
    } else if (spec instanceof CheckSpec.RowCount) {
      return "row count is " + (long) value;
    } else if (spec instanceof CheckSpec.Anomaly a) {
      return "anomaly: "
          + a.subject()
          + " is "
          + (a.metric().equals("row-count") ? String.valueOf((long) value) : v);
    } else if (spec instanceof CheckSpec.Freshness f) {
      return "latest "
          + f.column()
          + " is "
          + Instant.ofEpochSecond((long) value)
          + ", older than "
          + CheckSpec.Checks.duration(f.maxAge())
          + " before "
          + runEnd();
    } else if (spec instanceof CheckSpec.Referential r) {
      return "share of " + r.column() + " values found in " + r.table() + " is " + v;
    }
    return "share of passing rows is " + v;
  }

  private static long rowCount(Metric<?> size) {
    if (size == null || !size.value().isSuccess()) {
      return 0;
    }
    return ((Number) size.value().get()).longValue();
  }

  static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message).trim();
  }
}
