package io.mljobs.quality;

import com.amazon.deequ.metrics.Distribution;
import com.amazon.deequ.metrics.DistributionValue;
import com.amazon.deequ.profiles.ColumnProfilerRunner;
import com.amazon.deequ.profiles.ColumnProfiles;
import com.amazon.deequ.profiles.NumericColumnProfile;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * Deequ's {@code ColumnProfilerRunner} behind a Java face: one {@link ColumnProfile} per column,
 * and their rows for {@code quality.profiles}.
 *
 * <pre>{@code
 * List<ColumnProfile> profiles = DatasetProfiler.lowCardinalityThreshold(120).profile(rows);
 * }</pre>
 */
public final class DatasetProfiler {
  /** Deequ's default: columns with at most this many distinct values get a histogram. */
  public static final int DEFAULT_LOW_CARDINALITY_THRESHOLD = 120;

  /** Layout of {@code quality.profiles}: one row per column per dataset and run date. */
  public static final StructType SCHEMA =
      StructType.fromDDL(
          "dataset STRING, run_date DATE, run_id STRING, column STRING, inferred_type STRING,"
              + " completeness DOUBLE, approx_distinct BIGINT, min DOUBLE, max DOUBLE, mean DOUBLE,"
              + " stddev DOUBLE, quantiles ARRAY<DOUBLE>, histogram STRING, rows BIGINT");

  /** Rows the percentiles are estimated from; a larger partition is sampled down to about this. */
  static final long QUANTILE_SAMPLE_ROWS = 100_000;

  private static final long QUANTILE_SAMPLE_SEED = 42;

  private final int threshold;

  private DatasetProfiler(int threshold) {
    this.threshold = threshold;
  }

  /** A profiler giving histograms to columns with at most {@code threshold} distinct values. */
  public static DatasetProfiler lowCardinalityThreshold(int threshold) {
    if (threshold < 0) {
      throw new IllegalArgumentException("threshold must be >= 0, but is " + threshold);
    }
    return new DatasetProfiler(threshold);
  }

  /** Profiles every column of {@code data} (three passes over the data, Deequ's way). */
  public Profile profile(Dataset<Row> data) {
    ColumnProfiles profiles =
        new ColumnProfilerRunner()
            .onData(data)
            .withLowCardinalityHistogramThreshold(threshold)
            .printStatusUpdates(false)
            .run();
    List<ColumnProfile> columns = new ArrayList<>();
    for (com.amazon.deequ.profiles.ColumnProfile p :
        DeequInterop.javaMap(profiles.profiles()).values()) {
      Double min = null;
      Double max = null;
      Double mean = null;
      Double stddev = null;
      List<Double> quantiles = List.of();
      if (p instanceof NumericColumnProfile n) {
        min = number(n.minimum());
        max = number(n.maximum());
        mean = number(n.mean());
        stddev = number(n.stdDev());
        if (n.approxPercentiles().isDefined()) {
          quantiles =
              DeequInterop.javaList(n.approxPercentiles().get()).stream()
                  .map(v -> ((Number) v).doubleValue())
                  .toList();
        }
      }
      columns.add(
          new ColumnProfile(
              p.column(),
              dataType(p),
              p.completeness(),
              p.approximateNumDistinctValues(),
              min,
              max,
              mean,
              stddev,
              quantiles,
              p.histogram().isDefined() ? histogramJson(p.histogram().get()) : null));
    }
    List<String> order = List.of(data.columns());
    columns.sort(Comparator.comparingInt(c -> order.indexOf(c.column())));
    withPercentiles(data, profiles.numRecords(), columns);
    return new Profile(profiles.numRecords(), columns);
  }

  /** What a profile run found: the row count and one profile per column (in schema order). */
  public record Profile(long rows, List<ColumnProfile> columns) {
    public Profile {
      columns = List.copyOf(columns);
    }

    /** The rows of {@code quality.profiles} for {@code dataset} on {@code runDate}. */
    public Dataset<Row> toRows(
        SparkSession spark, String dataset, LocalDate runDate, String runId) {
      Objects.requireNonNull(dataset, "dataset");
      List<Row> rows = new ArrayList<>();
      for (ColumnProfile c : columns) {
        rows.add(
            RowFactory.create(
                dataset,
                Date.valueOf(runDate),
                runId,
                c.column(),
                c.inferredType(),
                c.completeness(),
                c.approxDistinct(),
                c.min(),
                c.max(),
                c.mean(),
                c.stddev(),
                c.quantiles().isEmpty() ? null : c.quantiles().toArray(new Double[0]),
                c.histogram(),
                this.rows));
      }
      return spark.createDataFrame(rows, SCHEMA);
    }

    /** A short text table: column, type, completeness, distinct, min, max, mean. */
    public String toText(String dataset) {
      StringBuilder text =
          new StringBuilder("Profile of " + dataset + ": " + rows + " row(s)\n")
              .append(
                  String.format(
                      Locale.ROOT,
                      "  %-24s %-10s %8s %9s %12s %12s %12s%n",
                      "column",
                      "type",
                      "complete",
                      "distinct",
                      "min",
                      "max",
                      "mean"));
      for (ColumnProfile c : columns) {
        text.append(
            String.format(
                Locale.ROOT,
                "  %-24s %-10s %8.4f %9d %12s %12s %12s%s%n",
                c.column().length() > 24 ? c.column().substring(0, 23) + "~" : c.column(),
                c.inferredType(),
                c.completeness(),
                c.approxDistinct(),
                format(c.min()),
                format(c.max()),
                format(c.mean()),
                c.histogram() != null ? "  (histogram)" : ""));
      }
      return text.toString();
    }
  }

  /**
   * Deequ leaves {@code approxPercentiles} empty unless asked for them, so percentiles 1..100 of
   * the numeric columns come from one Spark {@code approxQuantile} pass (relative error 0.01) over
   * at most about {@link #QUANTILE_SAMPLE_ROWS} rows.
   */
  private static void withPercentiles(Dataset<Row> data, long rows, List<ColumnProfile> columns) {
    List<String> numeric = new ArrayList<>();
    for (ColumnProfile c : columns) {
      if (c.quantiles().isEmpty()
          && c.min() != null
          && data.schema().apply(c.column()).dataType() instanceof NumericType) {
        numeric.add(c.column());
      }
    }
    if (numeric.isEmpty()) {
      return;
    }
    double[] probabilities = new double[100];
    for (int i = 0; i < 100; i++) {
      probabilities[i] = (i + 1) / 100.0;
    }
    Dataset<Row> cast = data;
    for (String column : numeric) {
      cast = cast.withColumn(column, functions.col(QualityChecks.quote(column)).cast("double"));
    }
    // A uniform sample of about QUANTILE_SAMPLE_ROWS rows estimates percentiles to about 0.3% of
    // rank, finer than the 1% relative error asked of approxQuantile, at a fraction of its cost on
    // a large partition (it inserts every value of every numeric column into its summaries).
    if (rows > QUANTILE_SAMPLE_ROWS) {
      cast = cast.sample(false, (double) QUANTILE_SAMPLE_ROWS / rows, QUANTILE_SAMPLE_SEED);
    }
    double[][] quantiles =
        cast.stat().approxQuantile(numeric.toArray(new String[0]), probabilities, 0.01);
    for (int i = 0; i < columns.size(); i++) {
      ColumnProfile c = columns.get(i);
      int at = numeric.indexOf(c.column());
      if (at >= 0 && quantiles[at] != null && quantiles[at].length > 0) {
        List<Double> values = new ArrayList<>();
        for (double q : quantiles[at]) {
          values.add(q);
        }
        columns.set(
            i,
            new ColumnProfile(
                c.column(),
                c.inferredType(),
                c.completeness(),
                c.approxDistinct(),
                c.min(),
                c.max(),
                c.mean(),
                c.stddev(),
                values,
                c.histogram()));
      }
    }
  }

  private static String format(Double v) {
    if (v == null) {
      return "-";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e12
        ? String.valueOf(v.longValue())
        : String.format(Locale.ROOT, "%.4g", v);
  }

  private static Double number(Option<Object> value) {
    return value.isDefined() ? ((Number) value.get()).doubleValue() : null;
  }

  private static String dataType(com.amazon.deequ.profiles.ColumnProfile p) {
    if (p instanceof NumericColumnProfile n) {
      return n.dataType().toString();
    } else if (p instanceof com.amazon.deequ.profiles.StandardColumnProfile s) {
      return s.dataType().toString();
    }
    return "Unknown";
  }

  /** {@code {"value":{"count":n,"ratio":r}, ...}}, keys sorted. */
  static String histogramJson(Distribution distribution) {
    Map<String, DistributionValue> values =
        new TreeMap<>(DeequInterop.javaMap(distribution.values()));
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, DistributionValue> e : values.entrySet()) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append(quote(e.getKey()))
          .append(":{\"count\":")
          .append(e.getValue().absolute())
          .append(",\"ratio\":")
          .append(e.getValue().ratio())
          .append('}');
    }
    return json.append('}').toString();
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (ch < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
          } else {
            out.append(ch);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
