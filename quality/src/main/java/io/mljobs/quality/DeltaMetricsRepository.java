package io.mljobs.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.DoubleMetric;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.AnalysisResult;
import com.amazon.deequ.repository.AnalysisResultSerde;
import com.amazon.deequ.repository.MetricsRepository;
import com.amazon.deequ.repository.MetricsRepositoryMultipleResultsLoader;
import com.amazon.deequ.repository.ResultKey;
import com.amazon.deequ.repository.memory.InMemoryMetricsRepository;
import io.delta.tables.DeltaTable;
import io.mljobs.common.delta.DeltaOutput;
import io.mljobs.common.error.JobFailure;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * Deequ's {@link MetricsRepository} over a Delta table ({@code quality.metrics}), one row per
 * metric, queryable with plain SQL:
 *
 * <pre>{@code
 * SELECT run_date, name, instance, value FROM delta.`<warehouse>/quality/metrics`
 * WHERE dataset = 'pos_transactions' AND name = 'Size' ORDER BY run_date
 * }</pre>
 *
 * <p>Columns: {@code dataset, run_date, dataset_date, run_id, entity, instance, name, value, tags,
 * result_key, analysis, saved_at}. A Deequ result key is (dataset date in epoch ms, tags); one
 * repository instance serves one dataset (the {@code dataset} tag and column). {@code analysis}
 * holds the metric in Deequ's own JSON form, so {@link #loadByKey} and {@link #load} give Deequ
 * back real analyzers (anomaly detection reads history through them).
 *
 * <p>Saving a key replaces that key's rows, or the rows of its run id on that date when the key has
 * a {@code run_id} tag (re-runs do not duplicate), and deletes rows of the dataset older than the
 * retention before the saved date, in one commit. The table carries {@value #FORMAT_PROPERTY} as a
 * table property; a table written by a newer format is refused.
 */
public final class DeltaMetricsRepository implements MetricsRepository {
  /** Table property holding the layout version of the metrics table. */
  public static final String FORMAT_PROPERTY = "mljobs.metrics.format";

  /** The layout this build reads and writes. */
  public static final int FORMAT_VERSION = 1;

  static final StructType SCHEMA =
      StructType.fromDDL(
          "dataset STRING, run_date DATE, dataset_date BIGINT, run_id STRING, entity STRING,"
              + " instance STRING, name STRING, value DOUBLE, tags MAP<STRING, STRING>,"
              + " result_key STRING, analysis STRING, saved_at TIMESTAMP");

  private final SparkSession spark;
  private final String path;
  private final String dataset;
  private final Duration retention;
  private final Supplier<DeltaOutput> writer;

  private DeltaMetricsRepository(
      SparkSession spark,
      String path,
      String dataset,
      Duration retention,
      Supplier<DeltaOutput> writer) {
    this.spark = spark;
    this.path = path;
    this.dataset = dataset;
    this.retention = retention;
    this.writer = writer;
  }

  /**
   * The metrics of {@code dataset} in the table at {@code path} (created when absent), written with
   * {@code writer} (e.g. {@code () -> context.output(metricsTable)}, which makes writes idempotent
   * per run and records them in the manifest).
   *
   * @throws JobFailure when the table was written by a newer metrics format or is not a metrics
   *     table
   */
  public static DeltaMetricsRepository open(
      SparkSession spark,
      String path,
      String dataset,
      Duration retention,
      Supplier<DeltaOutput> writer) {
    Objects.requireNonNull(dataset, "dataset");
    ensureTable(spark, path);
    return new DeltaMetricsRepository(spark, path, dataset, retention, writer);
  }

  /** As {@link #open(SparkSession, String, String, Duration, Supplier)}, writing plainly. */
  public static DeltaMetricsRepository open(
      SparkSession spark, String path, String dataset, Duration retention) {
    return open(spark, path, dataset, retention, () -> DeltaOutput.to(path).named(path));
  }

  /** Creates the table with its format property, or checks the format of an existing one. */
  static void ensureTable(SparkSession spark, String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      DeltaTable.createIfNotExists(spark)
          .location(path)
          .addColumns(SCHEMA)
          .property(FORMAT_PROPERTY, String.valueOf(FORMAT_VERSION))
          .execute();
      return;
    }
    Row detail = DeltaTable.forPath(spark, path).detail().select("properties").first();
    Map<String, String> properties = detail.isNullAt(0) ? Map.of() : detail.getJavaMap(0);
    String format = properties.get(FORMAT_PROPERTY);
    if (format == null) {
      throw new JobFailure(
          "The Delta table at "
              + path
              + " is not an mljobs metrics table (it has no '"
              + FORMAT_PROPERTY
              + "' table property). Point mljobs.quality.metrics-table at another table, or move"
              + " this one away.");
    }
    int version;
    try {
      version = Integer.parseInt(format.trim());
    } catch (NumberFormatException e) {
      version = Integer.MAX_VALUE;
    }
    if (version > FORMAT_VERSION) {
      throw new JobFailure(
          "The metrics table at "
              + path
              + " was written in metrics format "
              + format
              + ", newer than this mljobs build understands (format "
              + FORMAT_VERSION
              + "). Run a newer mljobs, or set mljobs.quality.metrics-table to another table;"
              + " nothing was written.");
    }
  }

  /** The stored metrics of this repository's dataset, as a DataFrame (all columns). */
  public Dataset<Row> history() {
    return table().where(col("dataset").equalTo(lit(dataset)));
  }

  private Dataset<Row> table() {
    return spark.read().format("delta").load(path);
  }

  // ---- Deequ's MetricsRepository -------------------------------------------------------

  @Override
  public void save(ResultKey resultKey, AnalyzerContext analyzerContext) {
    Map<String, String> tags = new TreeMap<>(DeequInterop.javaMap(resultKey.tags()));
    tags.put("dataset", dataset);
    ResultKey key = new ResultKey(resultKey.dataSetDate(), DeequInterop.map(tags));
    String renderedKey = render(key);
    LocalDate runDate =
        Instant.ofEpochMilli(key.dataSetDate()).atZone(ZoneOffset.UTC).toLocalDate();
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    Map<Analyzer<?, Metric<?>>, Metric<?>> metrics =
        DeequInterop.javaMap(analyzerContext.metricMap());
    for (Map.Entry<Analyzer<?, Metric<?>>, Metric<?>> entry : metrics.entrySet()) {
      String json = serialize(key, entry.getKey(), entry.getValue());
      for (DoubleMetric m : DeequInterop.javaList(entry.getValue().flatten())) {
        if (!m.value().isSuccess()) {
          continue;
        }
        rows.add(
            RowFactory.create(
                dataset,
                Date.valueOf(runDate),
                key.dataSetDate(),
                tags.get("run_id"),
                m.entity().toString(),
                m.instance(),
                m.name(),
                ((Number) m.value().get()).doubleValue(),
                tags,
                renderedKey,
                json,
                now));
      }
    }
    // A re-run of a run id replaces that run's rows even when its tags changed (the gate verdict,
    // a catch-up mark), so the history holds one result per run.
    String replaced =
        tags.containsKey("run_id")
            ? "dataset_date = " + key.dataSetDate() + " AND run_id = " + literal(tags.get("run_id"))
            : "result_key = " + literal(renderedKey);
    // The retention (rows of the dataset older than the retention before the saved date) goes in
    // the same commit: the saved rows match the first branch of the predicate, the expired rows the
    // second, so one replaceWhere replaces the one and deletes the other (no extra scan or commit).
    long cutoff = key.dataSetDate() - retention.toMillis();
    writer
        .get()
        .replaceWhere(
            "dataset = "
                + literal(dataset)
                + " AND ("
                + replaced
                + " OR dataset_date < "
                + cutoff
                + ")")
        .execute(spark.createDataFrame(rows, SCHEMA));
  }

  @Override
  public Option<AnalyzerContext> loadByKey(ResultKey resultKey) {
    Map<String, String> tags = new TreeMap<>(DeequInterop.javaMap(resultKey.tags()));
    tags.put("dataset", dataset);
    String renderedKey = render(new ResultKey(resultKey.dataSetDate(), DeequInterop.map(tags)));
    Map<String, AnalyzerContext> found = results(col("result_key").equalTo(lit(renderedKey)));
    return found.isEmpty() ? Option.empty() : Option.apply(found.values().iterator().next());
  }

  /**
   * Every stored result of this dataset, filterable by Deequ's loader ({@code withTagValues},
   * {@code after}, {@code before}, {@code forAnalyzers}).
   */
  @Override
  public MetricsRepositoryMultipleResultsLoader load() {
    InMemoryMetricsRepository memory = new InMemoryMetricsRepository();
    Map<String, ResultKey> keys = new LinkedHashMap<>();
    Map<String, AnalyzerContext> contexts = results(lit(true), keys);
    contexts.forEach((rendered, context) -> memory.save(keys.get(rendered), context));
    return memory.load();
  }

  private Map<String, AnalyzerContext> results(org.apache.spark.sql.Column filter) {
    return results(filter, new LinkedHashMap<>());
  }

  private Map<String, AnalyzerContext> results(
      org.apache.spark.sql.Column filter, Map<String, ResultKey> keys) {
    List<Row> rows =
        history()
            .where(filter.and(col("analysis").isNotNull()))
            .select("result_key", "analysis")
            .distinct()
            .orderBy("result_key", "analysis")
            .collectAsList();
    Map<String, AnalyzerContext> contexts = new LinkedHashMap<>();
    for (Row row : rows) {
      for (AnalysisResult result :
          DeequInterop.javaList(AnalysisResultSerde.deserialize(row.getString(1)))) {
        keys.putIfAbsent(row.getString(0), result.resultKey());
        contexts.merge(row.getString(0), result.analyzerContext(), AnalyzerContext::$plus$plus);
      }
    }
    return contexts;
  }

  private static String serialize(
      ResultKey key, Analyzer<?, Metric<?>> analyzer, Metric<?> metric) {
    try {
      scala.collection.immutable.Map<Analyzer<?, Metric<?>>, Metric<?>> one =
          scala.collection.immutable.Map$.MODULE$
              .<Analyzer<?, Metric<?>>, Metric<?>>empty()
              .$plus(new scala.Tuple2<>(analyzer, metric));
      return AnalysisResultSerde.serialize(
          DeequInterop.list(List.of(new AnalysisResult(key, new AnalyzerContext(one)))));
    } catch (RuntimeException e) {
      return null; // an analyzer Deequ cannot serialise is still stored as a plain metric row
    }
  }

  /** The stable text form of a result key: {@code <date>|k=v,k=v} (tags sorted). */
  static String render(ResultKey key) {
    return key.dataSetDate()
        + "|"
        + new TreeMap<>(DeequInterop.javaMap(key.tags()))
            .entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
  }

  private static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
