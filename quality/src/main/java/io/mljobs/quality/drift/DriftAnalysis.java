package io.mljobs.quality.drift;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.KLLParameters;
import com.amazon.deequ.analyzers.KLLSketch;
import com.amazon.deequ.analyzers.runners.AnalysisRunBuilder;
import com.amazon.deequ.analyzers.runners.AnalysisRunner;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.BucketDistribution;
import com.amazon.deequ.metrics.KLLMetric;
import com.amazon.deequ.metrics.Metric;
import io.mljobs.quality.SparkJobCounter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import scala.Option;

/**
 * Compares the features of a reference and a current dataset in a bounded number of passes,
 * whatever the number of columns:
 *
 * <ul>
 *   <li>numeric, sketch mode: one Deequ analysis run per side with a {@code KLLSketch} per column
 *       (Deequ shares the scan); the sketches' retained items become the distributions;
 *   <li>numeric, exact mode: one grouped aggregation over both sides of all numeric columns,
 *       stacked as (side, feature, value);
 *   <li>categorical (both modes): one grouped aggregation over both sides of all categorical
 *       columns stacked the same way, ranked per feature, keeping the top-K categories (by rows
 *       over both sides) and one "other" bucket, so at most K+1 rows per feature reach the driver.
 *       (Deequ's {@code Histogram} would be one pass per column.)
 * </ul>
 *
 * A feature missing from one side, or without non-null values on one side, is reported as undefined
 * with the reason.
 */
public final class DriftAnalysis {
  private final DriftMode mode;
  private final int bins;
  private final int topK;
  private final int sketchSize;
  private final double shrinkingFactor;

  private DriftAnalysis(
      DriftMode mode, int bins, int topK, int sketchSize, double shrinkingFactor) {
    this.mode = mode;
    this.bins = bins;
    this.topK = topK;
    this.sketchSize = sketchSize;
    this.shrinkingFactor = shrinkingFactor;
  }

  /**
   * An analysis.
   *
   * @param mode sketch or exact
   * @param bins reference-quantile bins for numeric PSI and Jensen–Shannon
   * @param topK categories kept per categorical feature (the rest is "other")
   * @param sketchSize KLL sketch size (Deequ's default 2048); larger is more exact
   * @param shrinkingFactor KLL shrinking factor (Deequ's default 0.64)
   */
  public static DriftAnalysis of(
      DriftMode mode, int bins, int topK, int sketchSize, double shrinkingFactor) {
    return new DriftAnalysis(mode, bins, topK, sketchSize, shrinkingFactor);
  }

  /** The comparisons, in the order of {@code features}, and the Spark jobs they took. */
  public record Result(List<FeatureComparison> comparisons, int sparkJobs) {
    public Result {
      comparisons = List.copyOf(comparisons);
    }
  }

  /** Compares {@code features} of {@code reference} and {@code current}. */
  public Result compare(Dataset<Row> reference, Dataset<Row> current, List<FeatureSpec> features) {
    SparkJobCounter.Counted<List<FeatureComparison>> counted =
        SparkJobCounter.run(
            current.sparkSession().sparkContext(),
            "drift",
            () -> compareCounted(reference, current, features));
    return new Result(counted.value(), counted.jobs());
  }

  private List<FeatureComparison> compareCounted(
      Dataset<Row> reference, Dataset<Row> current, List<FeatureSpec> features) {
    Set<String> refColumns = Set.of(reference.columns());
    Set<String> curColumns = Set.of(current.columns());
    List<FeatureSpec> numeric = new ArrayList<>();
    List<FeatureSpec> categorical = new ArrayList<>();
    Map<String, FeatureComparison> results = new HashMap<>();
    // An empty side has no distribution (and Deequ's KLL run fails on it): say so per feature.
    boolean refEmpty = reference.isEmpty();
    boolean curEmpty = current.isEmpty();
    if (refEmpty || curEmpty) {
      String reason =
          refEmpty && curEmpty
              ? "both sides have no rows"
              : refEmpty ? "the reference has no rows" : "the current data has no rows";
      return features.stream()
          .map(f -> FeatureComparison.undefined(f.name(), f.kind(), reason, 0, 0))
          .toList();
    }
    for (FeatureSpec f : features) {
      boolean inRef = refColumns.contains(f.name());
      boolean inCur = curColumns.contains(f.name());
      if (!inRef || !inCur) {
        String where =
            !inRef && !inCur ? "either side" : !inRef ? "the reference" : "the current data";
        results.put(
            f.name(),
            FeatureComparison.undefined(
                f.name(), f.kind(), "column '" + f.name() + "' is absent from " + where, 0, 0));
      } else if (f.kind() == FeatureKind.NUMERIC) {
        numeric.add(f);
      } else {
        categorical.add(f);
      }
    }
    if (!numeric.isEmpty()) {
      List<NumericDistribution[]> pairs =
          mode == DriftMode.SKETCH
              ? sketchPairs(reference, current, numeric)
              : exactPairs(reference, current, numeric);
      for (int i = 0; i < numeric.size(); i++) {
        String name = numeric.get(i).name();
        results.put(name, Comparisons.numeric(name, pairs.get(i)[0], pairs.get(i)[1], bins));
      }
    }
    if (!categorical.isEmpty()) {
      results.putAll(categoricalComparisons(reference, current, categorical));
    }
    List<FeatureComparison> ordered = new ArrayList<>();
    features.forEach(f -> ordered.add(results.get(f.name())));
    return ordered;
  }

  // ---- numeric ----------------------------------------------------------------------------

  private static Column quoted(String name) {
    return col("`" + name.replace("`", "``") + "`");
  }

  private static Dataset<Row> numericProjection(Dataset<Row> side, List<FeatureSpec> features) {
    Column[] columns = new Column[features.size()];
    for (int i = 0; i < features.size(); i++) {
      columns[i] = quoted(features.get(i).name()).cast("double").as("n" + i);
    }
    return side.select(columns);
  }

  private List<NumericDistribution[]> sketchPairs(
      Dataset<Row> reference, Dataset<Row> current, List<FeatureSpec> features) {
    List<NumericDistribution> ref = sketches(numericProjection(reference, features), features);
    List<NumericDistribution> cur = sketches(numericProjection(current, features), features);
    List<NumericDistribution[]> pairs = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      pairs.add(new NumericDistribution[] {ref.get(i), cur.get(i)});
    }
    return pairs;
  }

  /** One Deequ analysis run (one scan) with a KLL sketch per column. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private List<NumericDistribution> sketches(Dataset<Row> projected, List<FeatureSpec> features) {
    List<Analyzer<?, Metric<?>>> analyzers = new ArrayList<>();
    AnalysisRunBuilder builder = AnalysisRunner.onData(projected);
    for (int i = 0; i < features.size(); i++) {
      Analyzer analyzer =
          new KLLSketch(
              "n" + i, Option.apply(new KLLParameters(sketchSize, shrinkingFactor, bins)));
      analyzers.add(analyzer);
      builder = builder.addAnalyzer(analyzer);
    }
    AnalyzerContext context = builder.run();
    List<NumericDistribution> result = new ArrayList<>();
    for (Analyzer<?, Metric<?>> analyzer : analyzers) {
      Option<Metric<?>> metric = context.metric(analyzer);
      if (metric.isDefined() && metric.get() instanceof KLLMetric kll && kll.value().isSuccess()) {
        BucketDistribution distribution = kll.value().get();
        result.add(NumericDistribution.ofSketch(distribution.data()));
      } else {
        result.add(NumericDistribution.empty()); // Deequ fails the metric of an all-null column
      }
    }
    return result;
  }

  private static Dataset<Row> stacked(
      Dataset<Row> side, int sideId, List<FeatureSpec> features, String type, String prefix) {
    StringBuilder stack = new StringBuilder("stack(").append(features.size());
    Column[] projected = new Column[features.size()];
    for (int i = 0; i < features.size(); i++) {
      projected[i] = quoted(features.get(i).name()).cast(type).as(prefix + i);
      stack.append(", ").append(i).append(", ").append(prefix).append(i);
    }
    stack.append(") as (f, v)");
    return side.select(projected)
        .selectExpr(sideId + " as side", stack.toString())
        .where(col("v").isNotNull());
  }

  /** All numeric columns of both sides in one grouped aggregation of (side, feature, value). */
  private static List<NumericDistribution[]> exactPairs(
      Dataset<Row> reference, Dataset<Row> current, List<FeatureSpec> features) {
    Dataset<Row> all =
        stacked(reference, 0, features, "double", "n")
            .unionAll(stacked(current, 1, features, "double", "n"));
    List<Map<Double, Long>> ref = new ArrayList<>();
    List<Map<Double, Long>> cur = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      ref.add(new HashMap<>());
      cur.add(new HashMap<>());
    }
    for (Row row : all.groupBy("side", "f", "v").count().collectAsList()) {
      (row.getInt(0) == 0 ? ref : cur).get(row.getInt(1)).put(row.getDouble(2), row.getLong(3));
    }
    List<NumericDistribution[]> pairs = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      pairs.add(
          new NumericDistribution[] {
            NumericDistribution.ofCounts(ref.get(i)), NumericDistribution.ofCounts(cur.get(i))
          });
    }
    return pairs;
  }

  // ---- categorical ------------------------------------------------------------------------

  private Map<String, FeatureComparison> categoricalComparisons(
      Dataset<Row> reference, Dataset<Row> current, List<FeatureSpec> features) {
    Dataset<Row> all =
        stacked(reference, 0, features, "string", "c")
            .unionAll(stacked(current, 1, features, "string", "c"));
    Dataset<Row> counts =
        all.groupBy("f", "v")
            .agg(
                sum(when(col("side").equalTo(0), 1L).otherwise(0L)).as("r"),
                sum(when(col("side").equalTo(1), 1L).otherwise(0L)).as("c"));
    Dataset<Row> ranked =
        counts.withColumn(
            "rank",
            row_number()
                .over(
                    Window.partitionBy("f")
                        .orderBy(col("r").plus(col("c")).desc(), col("v").asc())));
    Dataset<Row> bucketed =
        ranked
            .groupBy(col("f"), when(col("rank").leq(topK), col("v")).as("k"))
            .agg(
                sum("r").as("r"),
                sum("c").as("c"),
                org.apache.spark.sql.functions.count(lit(1)).as("n"),
                sum(when(col("r").equalTo(0), 1L).otherwise(0L)).as("added"),
                sum(when(col("c").equalTo(0), 1L).otherwise(0L)).as("vanished"))
            .orderBy(col("f"), col("r").plus(col("c")).desc(), col("k"));
    List<Map<String, Long>> ref = new ArrayList<>();
    List<Map<String, Long>> cur = new ArrayList<>();
    long[][] other = new long[features.size()][5];
    for (int i = 0; i < features.size(); i++) {
      ref.add(new LinkedHashMap<>());
      cur.add(new LinkedHashMap<>());
    }
    for (Row row : bucketed.collectAsList()) {
      int f = row.getInt(0);
      if (row.isNullAt(1)) {
        other[f] =
            new long[] {
              row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5), row.getLong(6)
            };
      } else {
        ref.get(f).put(row.getString(1), row.getLong(2));
        cur.get(f).put(row.getString(1), row.getLong(3));
      }
    }
    Map<String, FeatureComparison> result = new HashMap<>();
    for (int i = 0; i < features.size(); i++) {
      String name = features.get(i).name();
      long[] o = other[i];
      result.put(
          name,
          Comparisons.categorical(
              name,
              new CategoricalDistribution(withoutZeros(ref.get(i)), o[0], o[2]),
              new CategoricalDistribution(withoutZeros(cur.get(i)), o[1], o[2]),
              o[3],
              o[4]));
    }
    return result;
  }

  private static Map<String, Long> withoutZeros(Map<String, Long> counts) {
    Map<String, Long> kept = new LinkedHashMap<>();
    counts.forEach(
        (k, v) -> {
          if (v > 0) {
            kept.put(k, v);
          }
        });
    return kept;
  }

  static List<String> names(List<FeatureSpec> features) {
    return Arrays.asList(features.stream().map(FeatureSpec::name).toArray(String[]::new));
  }
}
