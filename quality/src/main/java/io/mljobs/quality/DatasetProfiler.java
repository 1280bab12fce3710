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
import org.apache.spark.storage.StorageLevel;
import scala.Option;

/**
 * Deequ's {@code ColumnProfilerRunner} behind a Java face: one {@link ColumnProfile} per column,
 * and their rows for {@code quality.profiles}.
 *
 * <p>A partition larger than the sample size is profiled from a uniform row sample of about that
 * many rows ({@link #sampleRows(long)}, default {@link #DEFAULT_SAMPLE_ROWS}): Deequ's profiler
 * costs several scans of every column (a HyperLogLog sketch, type inference and moments per
 * column), which on a wide table is many times one read of it, while a 100,000-row sample puts
 * completeness and every percentile within about 0.3% and the mean within a small fraction of a
 * standard deviation. The row count stays exact; distinct counts are those of the sample.
 *
 * <pre>{@code
 * Profile profile = DatasetProfiler.lowCardinalityThreshold(120).sampleRows(100_000).profile(rows);
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
              + " stddev DOUBLE, quantiles ARRAY<DOUBLE>, histogram STRING, rows BIGINT,"
              + " profiled_rows BIGINT");

  /** Default of {@link #sampleRows(long)}: larger partitions are profiled from a sample. */
  public static final long DEFAULT_SAMPLE_ROWS = 100_000;

  /**
   * Rows the percentiles are estimated from when the profile itself is not sampled ({@code
   * sampleRows(0)}): approxQuantile over every row of a large partition is its slowest part.
   */
  static final long QUANTILE_SAMPLE_ROWS = 100_000;

  /**
   * Columns per Deequ profiler run: at 100 columns, four runs of 25 took about half the time of one
   * run over all of them (on 100,000 cached rows, 2 cores; {@code docs/benchmarks.md}).
   */
  static final int COLUMNS_PER_RUN = 25;

  /** Fixed, so a re-run over the same files profiles the same rows. */
  private static final long SAMPLE_SEED = 42;

  private final int threshold;
  private final long sampleRows;

  private DatasetProfiler(int threshold, long sampleRows) {
    this.threshold = threshold;
    this.sampleRows = sampleRows;
  }

  /** A profiler giving histograms to columns with at most {@code threshold} distinct values. */
  public static DatasetProfiler lowCardinalityThreshold(int threshold) {
    if (threshold < 0) {
      throw new IllegalArgumentException("threshold must be >= 0, but is " + threshold);
    }
    return new DatasetProfiler(threshold, DEFAULT_SAMPLE_ROWS);
  }

  /**
   * This profiler, profiling a partition of more than {@code rows} rows from a uniform sample of
   * about {@code rows} rows; 0 profiles every row.
   */
  public DatasetProfiler sampleRows(long rows) {
    if (rows < 0) {
      throw new IllegalArgumentException("sample rows must be >= 0, but is " + rows);
    }
    return new DatasetProfiler(threshold, rows);
  }

  /**
   * Profiles every column of {@code data}: one count, then Deequ's three passes over the rows
   * profiled (all of them, or the sample), which are cached for those passes.
   */
  public Profile profile(Dataset<Row> data) {
    long rows = data.count();
    if (rows == 0) {
      // Deequ's metrics have no value on no rows; an empty partition has no column statistics.
      return new Profile(0, 0, List.of());
    }
    Dataset<Row> profiled = data;
    if (sampleRows > 0 && rows > sampleRows) {
      profiled =
          data.sample(false, (double) sampleRows / rows, SAMPLE_SEED)
              .persist(StorageLevel.MEMORY_AND_DISK());
      if (profiled.count() == 0) {
        // Only possible for a sample of a few rows: profile them all instead.
        profiled.unpersist();
        profiled = data;
      }
    }
    if (profiled == data) {
      profiled = data.persist(StorageLevel.MEMORY_AND_DISK());
    }
    try {
      return profileCached(profiled, rows);
    } finally {
      profiled.unpersist();
    }
  }

  private Profile profileCached(Dataset<Row> data, long rows) {
    ColumnTypes.Found types = ColumnTypes.of(data);
    // Deequ cannot map dates and timestamps (timestamp_ntz least of all): it profiles their text.
    Dataset<Row> forDeequ = data;
    for (org.apache.spark.sql.types.StructField field : data.schema().fields()) {
      if (ColumnTypes.temporal(field.dataType())) {
        forDeequ =
            forDeequ.withColumn(
                field.name(), functions.col(QualityChecks.quote(field.name())).cast("string"));
      }
    }
    List<com.amazon.deequ.profiles.ColumnProfile> deequProfiles = new ArrayList<>();
    long profiledRows = 0;
    List<String> names = List.of(data.columns());
    // Deequ's passes over a few dozen columns at a time: one aggregation over every column of a
    // wide table is several times slower than the same work split (its generated code and
    // aggregation buffers grow with the number of columns), and the cached rows make the extra
    // passes cheap.
    for (int from = 0; from < names.size(); from += COLUMNS_PER_RUN) {
      List<String> chunk = names.subList(from, Math.min(names.size(), from + COLUMNS_PER_RUN));
      ColumnProfiles profiles =
          new ColumnProfilerRunner()
              .onData(forDeequ)
              .restrictToColumns(DeequInterop.list(chunk))
              .withLowCardinalityHistogramThreshold(threshold)
              .printStatusUpdates(false)
              .run();
      deequProfiles.addAll(DeequInterop.javaMap(profiles.profiles()).values());
      profiledRows = profiles.numRecords();
    }
    List<ColumnProfile> columns = new ArrayList<>();
    for (com.amazon.deequ.profiles.ColumnProfile p : deequProfiles) {
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
      double[] range = types.ranges().get(p.column());
      if (range != null) {
        min = range[0];
        max = range[1];
      }
      columns.add(
          new ColumnProfile(
              p.column(),
              types.types().getOrDefault(p.column(), dataType(p)),
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
    withPercentiles(data, profiledRows, columns);
    return new Profile(rows, profiledRows, columns);
  }

  /**
   * What a profile run found.
   *
   * @param rows the rows of the partition
   * @param profiledRows the rows the statistics come from: {@code rows}, or the sample's size
   * @param columns one profile per column, in schema order
   */
  public record Profile(long rows, long profiledRows, List<ColumnProfile> columns) {
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
                this.rows,
                profiledRows));
      }
      return spark.createDataFrame(rows, SCHEMA);
    }

    /** True when the statistics come from a sample of the rows. */
    public boolean sampled() {
      return profiledRows < rows;
    }

    /** A short text table: column, type, completeness, distinct, min, max, mean. */
    public String toText(String dataset) {
      StringBuilder text =
          new StringBuilder("Profile of " + dataset + ": " + rows + " row(s)")
              .append(sampled() ? ", statistics from a sample of " + profiledRows + "\n" : "\n")
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
   * at most about {@link #QUANTILE_SAMPLE_ROWS} of the profiled rows.
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
      cast = cast.sample(false, (double) QUANTILE_SAMPLE_ROWS / rows, SAMPLE_SEED);
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
