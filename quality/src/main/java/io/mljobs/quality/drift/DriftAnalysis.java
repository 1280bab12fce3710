package io.mljobs.quality.drift;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

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
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * Compares the features of a reference and a current dataset in a bounded number of passes,
 * whatever the number of columns:
 *
 * <ul>
 *   <li>one count of both sides' rows (which also decides the numeric mode in auto mode);
 *   <li>numeric, exact mode: one grouped aggregation over both sides of all numeric columns,
 *       stacked as (side, feature, value); every distinct value reaches the driver;
 *   <li>numeric, sketch mode: the same stacked rows grouped by (feature, log bucket) ({@link
 *       LogBuckets}); a few thousand buckets per feature reach the driver, and the result does not
 *       depend on the file layout;
 *   <li>categorical (both modes): one grouped aggregation over both sides of all categorical
 *       columns stacked the same way, ranked per feature, keeping the top-K categories (by rows
 *       over both sides) and one "other" bucket, with the names of the new and vanished categories
 *       inside "other". (Deequ's {@code Histogram} would be one pass per column.)
 * </ul>
 *
 * Null (and, for numbers, NaN) values are counted as missing on each side for the {@code
 * missing_share} statistic and left out of the distributions. A feature missing from one side, or
 * without non-null values on one side, is reported as undefined with the reason.
 */
public final class DriftAnalysis {
  /** Names of new or vanished categories beyond the top-K collected per feature, at most. */
  static final int NAMES_MAX = 10_000;

  private final DriftOptions options;

  private DriftAnalysis(DriftOptions options) {
    this.options = options;
  }

  /** An analysis with {@code options}. */
  public static DriftAnalysis of(DriftOptions options) {
    return new DriftAnalysis(options);
  }

  /**
   * The comparisons, in the order of {@code features}, the mode each feature's distributions were
   * taken in ({@code exact} or {@code sketch}; categorical counts are always exact), and the Spark
   * jobs they took.
   */
  public record Result(
      List<FeatureComparison> comparisons, Map<String, String> modes, int sparkJobs) {
    public Result {
      comparisons = List.copyOf(comparisons);
      modes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(modes));
    }
  }

  /** Compares {@code features} of {@code reference} and {@code current}. */
  public Result compare(Dataset<Row> reference, Dataset<Row> current, List<FeatureSpec> features) {
    Map<String, String> modes = new LinkedHashMap<>();
    SparkJobCounter.Counted<List<FeatureComparison>> counted =
        SparkJobCounter.run(
            current.sparkSession().sparkContext(),
            "drift",
            () -> compareCounted(reference, current, features, modes));
    return new Result(counted.value(), modes, counted.jobs());
  }

  private List<FeatureComparison> compareCounted(
      Dataset<Row> reference,
      Dataset<Row> current,
      List<FeatureSpec> features,
      Map<String, String> modes) {
    Set<String> refColumns = Set.of(reference.columns());
    Set<String> curColumns = Set.of(current.columns());
    List<FeatureSpec> numeric = new ArrayList<>();
    List<FeatureSpec> categorical = new ArrayList<>();
    Map<String, FeatureComparison> results = new HashMap<>();
    long[] rows = rowCounts(reference, current);
    // An empty side has no distribution: say so per feature.
    if (rows[0] == 0 || rows[1] == 0) {
      String reason =
          rows[0] == 0 && rows[1] == 0
              ? "both sides have no rows"
              : rows[0] == 0 ? "the reference has no rows" : "the current data has no rows";
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
      DriftMode used = numericMode(rows, numeric.size());
      List<NumericSides> pairs =
          used == DriftMode.SKETCH
              ? sketchPairs(reference, current, numeric)
              : exactPairs(reference, current, numeric);
      for (int i = 0; i < numeric.size(); i++) {
        String name = numeric.get(i).name();
        NumericSides p = pairs.get(i);
        results.put(
            name,
            Comparisons.numeric(
                name,
                p.reference(),
                p.current(),
                options.binning(),
                options.logBase(),
                new MissingShare(rows[0], p.referenceMissing(), rows[1], p.currentMissing())));
        modes.put(name, used.label());
      }
    }
    if (!categorical.isEmpty()) {
      results.putAll(categoricalComparisons(reference, current, categorical, rows));
      categorical.forEach(f -> modes.put(f.name(), DriftMode.EXACT.label()));
    }
    List<FeatureComparison> ordered = new ArrayList<>();
    features.forEach(f -> ordered.add(results.get(f.name())));
    return ordered;
  }

  /**
   * Exact while both sides fit the row budget and the values exact mode collects on the driver fit
   * the value budget (auto), else as configured. With the row budget alone, a wide table (about 24
   * numeric columns, 600,000 rows over both sides: some 14 million counts) ended a 2 GiB driver
   * with an OutOfMemoryError.
   */
  DriftMode numericMode(long[] rows, int numericFeatures) {
    if (options.mode() != DriftMode.AUTO) {
      return options.mode();
    }
    boolean rowsFit = rows[0] <= options.exactMaxRows() && rows[1] <= options.exactMaxRows();
    double values = (double) (rows[0] + rows[1]) * numericFeatures; // no overflow
    return rowsFit && values <= options.exactMaxValues() ? DriftMode.EXACT : DriftMode.SKETCH;
  }

  /** Rows of the reference and the current side, in one Spark job. */
  private static long[] rowCounts(Dataset<Row> reference, Dataset<Row> current) {
    Dataset<Row> sides =
        reference.select(lit(0).as("side")).unionAll(current.select(lit(1).as("side")));
    long[] rows = new long[2];
    for (Row r : sides.groupBy("side").count().collectAsList()) {
      rows[r.getInt(0)] = r.getLong(1);
    }
    return rows;
  }

  // ---- numeric ----------------------------------------------------------------------------

  /** One numeric feature's two distributions and missing values. */
  private record NumericSides(
      NumericDistribution reference,
      long referenceMissing,
      NumericDistribution current,
      long currentMissing) {}

  private static Column quoted(String name) {
    return col("`" + name.replace("`", "``") + "`");
  }

  /** All numeric columns of both sides grouped by (feature, log bucket) in one aggregation. */
  private List<NumericSides> sketchPairs(
      Dataset<Row> reference, Dataset<Row> current, List<FeatureSpec> features) {
    int bits = options.sketchBits();
    UserDefinedFunction bucket =
        udf((UDF1<Double, Long>) v -> LogBuckets.key(v, bits), DataTypes.LongType);
    Dataset<Row> all =
        stacked(reference, 0, features, "double", "n")
            .unionAll(stacked(current, 1, features, "double", "n"));
    Dataset<Row> buckets =
        all.groupBy(col("f"), bucket.apply(col("v")).as("b"))
            .agg(
                min("v").as("lo"),
                max("v").as("hi"),
                sum(when(col("side").equalTo(0), 1L).otherwise(0L)).as("r"),
                sum(when(col("side").equalTo(1), 1L).otherwise(0L)).as("c"));
    List<List<double[]>> perFeature = new ArrayList<>();
    long[][] missing = new long[features.size()][2];
    for (int i = 0; i < features.size(); i++) {
      perFeature.add(new ArrayList<>());
    }
    for (Row row : buckets.collectAsList()) {
      int f = row.getInt(0);
      if (row.isNullAt(1)) {
        missing[f] = new long[] {row.getLong(4), row.getLong(5)};
      } else {
        double lo = row.getDouble(2);
        double hi = row.getDouble(3);
        // One representative per bucket for both sides, so both are binned alike.
        perFeature.get(f).add(new double[] {lo + (hi - lo) / 2, row.getLong(4), row.getLong(5)});
      }
    }
    List<NumericSides> pairs = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      List<double[]> b = perFeature.get(i);
      double[] values = new double[b.size()];
      double[] r = new double[b.size()];
      double[] c = new double[b.size()];
      for (int j = 0; j < b.size(); j++) {
        values[j] = b.get(j)[0];
        r[j] = b.get(j)[1];
        c[j] = b.get(j)[2];
      }
      pairs.add(
          new NumericSides(
              NumericDistribution.ofWeighted(values, r),
              missing[i][0],
              NumericDistribution.ofWeighted(values, c),
              missing[i][1]));
    }
    return pairs;
  }

  /** (side, f, v) rows of {@code features}, nulls kept (they are counted as missing). */
  private static Dataset<Row> stacked(
      Dataset<Row> side, int sideId, List<FeatureSpec> features, String type, String prefix) {
    StringBuilder stack = new StringBuilder("stack(").append(features.size());
    Column[] projected = new Column[features.size()];
    for (int i = 0; i < features.size(); i++) {
      projected[i] = quoted(features.get(i).name()).cast(type).as(prefix + i);
      stack.append(", ").append(i).append(", ").append(prefix).append(i);
    }
    stack.append(") as (f, v)");
    return side.select(projected).selectExpr(sideId + " as side", stack.toString());
  }

  /** All numeric columns of both sides in one grouped aggregation of (side, feature, value). */
  private static List<NumericSides> exactPairs(
      Dataset<Row> reference, Dataset<Row> current, List<FeatureSpec> features) {
    Dataset<Row> all =
        stacked(reference, 0, features, "double", "n")
            .unionAll(stacked(current, 1, features, "double", "n"));
    List<Map<Double, Long>> ref = new ArrayList<>();
    List<Map<Double, Long>> cur = new ArrayList<>();
    long[][] missing = new long[features.size()][2];
    for (int i = 0; i < features.size(); i++) {
      ref.add(new HashMap<>());
      cur.add(new HashMap<>());
    }
    for (Row row : all.groupBy("side", "f", "v").count().collectAsList()) {
      int side = row.getInt(0);
      int f = row.getInt(1);
      if (row.isNullAt(2) || Double.isNaN(row.getDouble(2))) {
        missing[f][side] += row.getLong(3);
      } else {
        (side == 0 ? ref : cur).get(f).put(row.getDouble(2), row.getLong(3));
      }
    }
    List<NumericSides> pairs = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      pairs.add(
          new NumericSides(
              NumericDistribution.ofCounts(ref.get(i)),
              missing[i][0],
              NumericDistribution.ofCounts(cur.get(i)),
              missing[i][1]));
    }
    return pairs;
  }

  // ---- categorical ------------------------------------------------------------------------

  private Map<String, FeatureComparison> categoricalComparisons(
      Dataset<Row> reference, Dataset<Row> current, List<FeatureSpec> features, long[] rows) {
    int topK = options.topK();
    Dataset<Row> all =
        stacked(reference, 0, features, "string", "c")
            .unionAll(stacked(current, 1, features, "string", "c"));
    Dataset<Row> counts =
        all.groupBy("f", "v")
            .agg(
                sum(when(col("side").equalTo(0), 1L).otherwise(0L)).as("r"),
                sum(when(col("side").equalTo(1), 1L).otherwise(0L)).as("c"));
    // Missing values rank last, so they never take a top-K place, and are grouped on their own.
    Dataset<Row> ranked =
        counts.withColumn(
            "rank",
            row_number()
                .over(
                    Window.partitionBy("f")
                        .orderBy(
                            col("v").isNull().asc(),
                            col("r").plus(col("c")).desc(),
                            col("v").asc())));
    Dataset<Row> bucketed =
        ranked
            .groupBy(
                col("f"), col("v").isNull().as("m"), when(col("rank").leq(topK), col("v")).as("k"))
            .agg(
                sum("r").as("r"),
                sum("c").as("c"),
                org.apache.spark.sql.functions.count(lit(1)).as("n"),
                sum(when(col("r").equalTo(0), 1L).otherwise(0L)).as("added"),
                sum(when(col("c").equalTo(0), 1L).otherwise(0L)).as("vanished"),
                slice(array_sort(collect_list(when(col("r").equalTo(0), col("v")))), 1, NAMES_MAX)
                    .as("added_names"),
                slice(array_sort(collect_list(when(col("c").equalTo(0), col("v")))), 1, NAMES_MAX)
                    .as("vanished_names"))
            .orderBy(col("f"), col("r").plus(col("c")).desc(), col("k"));
    List<Map<String, Long>> ref = new ArrayList<>();
    List<Map<String, Long>> cur = new ArrayList<>();
    long[][] other = new long[features.size()][5];
    long[][] missing = new long[features.size()][2];
    List<List<String>> addedBeyond = new ArrayList<>();
    List<List<String>> vanishedBeyond = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      ref.add(new LinkedHashMap<>());
      cur.add(new LinkedHashMap<>());
      addedBeyond.add(List.of());
      vanishedBeyond.add(List.of());
    }
    for (Row row : bucketed.collectAsList()) {
      int f = row.getInt(0);
      if (row.getBoolean(1)) {
        missing[f] = new long[] {row.getLong(3), row.getLong(4)};
      } else if (row.isNullAt(2)) {
        other[f] =
            new long[] {
              row.getLong(3), row.getLong(4), row.getLong(5), row.getLong(6), row.getLong(7)
            };
        addedBeyond.set(f, named(row.getList(8), row.getLong(6)));
        vanishedBeyond.set(f, named(row.getList(9), row.getLong(7)));
      } else {
        ref.get(f).put(row.getString(2), row.getLong(3));
        cur.get(f).put(row.getString(2), row.getLong(4));
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
              addedBeyond.get(i),
              vanishedBeyond.get(i),
              options.logBase(),
              new MissingShare(rows[0], missing[i][0], rows[1], missing[i][1])));
    }
    return result;
  }

  /** The collected names, padded with nulls ("and n more") up to {@code count}. */
  private static List<String> named(List<Object> names, long count) {
    List<String> out = new ArrayList<>();
    names.forEach(n -> out.add(String.valueOf(n)));
    while (out.size() < count) {
      out.add(null);
    }
    return out;
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
