package io.mljobs.jobs.drift;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.mljobs.common.delta.DeltaInput;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.table.TableRef;
import io.mljobs.quality.drift.DatasetDrift;
import io.mljobs.quality.drift.DriftJudge;
import io.mljobs.quality.drift.DriftStatistic;
import io.mljobs.quality.drift.FeatureDrift;
import io.mljobs.quality.drift.LearnedThresholds;
import io.mljobs.quality.drift.StatisticResult;
import io.mljobs.quality.drift.Verdict;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * {@code quality.drift}: the history learned thresholds read, and this run's rows, one per feature
 * per statistic (plus one {@code comparison} row for a feature that could not be compared, and one
 * {@code drifted_share} row per dataset with feature {@code *}).
 */
final class DriftRows {
  /** Feature name of the dataset-level row. */
  static final String DATASET_ROW = "*";

  static final StructType SCHEMA =
      StructType.fromDDL(
          "dataset STRING, run_date DATE, run_id STRING, feature STRING, kind STRING,"
              + " statistic STRING, value DOUBLE, threshold DOUBLE, threshold_source STRING,"
              + " verdict STRING, feature_verdict STRING, detail STRING, reference STRING,"
              + " reference_version BIGINT, current STRING, current_version BIGINT,"
              + " reference_rows DOUBLE, current_rows DOUBLE, mode STRING, computed_at TIMESTAMP");

  private final JobContext<DetectDriftConfig> context;
  private final TableRef table;
  private final List<Row> rows = new ArrayList<>();
  private final List<Map.Entry<String, LocalDate>> compared = new ArrayList<>();
  private final Timestamp now = Timestamp.from(Instant.now());
  private final Map<String, String> modes = new HashMap<>();

  DriftRows(JobContext<DetectDriftConfig> context) {
    this.context = context;
    this.table = context.config().quality().driftTable();
  }

  /**
   * The history of {@code dataset}'s statistics before the run date, newest first, one value per
   * run date (the latest computed), without values an earlier learned threshold judged drift.
   */
  DriftJudge.History history(String dataset, LearnedThresholds learned) {
    return history(dataset, learned, context.runDate());
  }

  /** As {@link #history(String, LearnedThresholds)}, before {@code date} (the date compared). */
  DriftJudge.History history(String dataset, LearnedThresholds learned, LocalDate date) {
    DeltaInput input = context.input(table).latest().detail("role", "learned thresholds");
    if (learned.statistics().isEmpty() || !input.exists()) {
      return DriftJudge.History.NONE;
    }
    Dataset<Row> past =
        input
            .read()
            .where(
                col("dataset")
                    .equalTo(lit(dataset))
                    .and(col("run_date").lt(lit(date.toString())))
                    .and(col("value").isNotNull()))
            .select(
                "feature",
                "statistic",
                "run_date",
                "computed_at",
                "value",
                "verdict",
                "threshold_source")
            .orderBy(col("run_date").desc(), col("computed_at").desc());
    Map<String, List<Double>> values = new HashMap<>();
    Map<String, Object> seenDates = new HashMap<>();
    for (Row r : past.collectAsList()) {
      String key = r.getString(0) + "\u0000" + r.getString(1);
      if (r.getDate(2).equals(seenDates.get(key + r.getDate(2)))) {
        continue; // an older run of the same date
      }
      seenDates.put(key + r.getDate(2), r.getDate(2));
      boolean learnedDrift =
          "drift".equals(r.getString(5))
              && r.getString(6) != null
              && r.getString(6).startsWith("learned");
      if (!learnedDrift) {
        values.computeIfAbsent(key, k -> new ArrayList<>()).add(r.getDouble(4));
      }
    }
    return (feature, statistic) ->
        values.getOrDefault(feature + "\u0000" + statistic.label(), List.of());
  }

  /**
   * The datasets (and dates) this run id already stored in {@code quality.drift}, with whether each
   * drifted; empty when it stored nothing (a first run, or one that failed before its write).
   */
  Map<String, Boolean> storedByThisRun() {
    DeltaInput input = context.input(table).latest();
    Map<String, Boolean> stored = new LinkedHashMap<>();
    if (!input.exists()) {
      return stored;
    }
    // A look-up, not an input of the run (scan: not recorded in the manifest).
    for (Row r :
        input
            .scan()
            .where(
                col("run_id")
                    .equalTo(lit(context.runId()))
                    .and(col("feature").equalTo(lit(DATASET_ROW))))
            .select(col("dataset"), col("run_date").cast("string"), col("verdict"))
            .orderBy("dataset", "run_date")
            .collectAsList()) {
      // A run id that compared several dates (--from/--to) stored one dataset row per date.
      String name =
          context.runDate().toString().equals(r.getString(1))
              ? r.getString(0)
              : r.getString(0) + " " + r.getString(1);
      stored.put(name, Verdict.DRIFT.label().equals(r.getString(2)));
    }
    return stored;
  }

  void add(DatasetDrift drift, DriftSides sides) {
    add(drift, sides, context.runDate(), Map.of());
  }

  /**
   * Adds the rows of {@code drift}, whose current side is {@code date}'s rows ({@code run_date} of
   * the rows: the date compared); {@code modes} gives each feature's mode (exact, sketch).
   */
  void add(DatasetDrift drift, DriftSides sides, LocalDate date, Map<String, String> modes) {
    this.modes.clear();
    this.modes.putAll(modes);
    compared.add(Map.entry(drift.dataset(), date));
    Date rowDate = Date.valueOf(date);
    for (FeatureDrift f : drift.features()) {
      if (f.comparison().undefined().isPresent()) {
        rows.add(
            row(
                drift,
                rowDate,
                sides,
                f,
                "comparison",
                null,
                null,
                "none",
                Verdict.UNDEFINED,
                f.comparison().undefined().get()));
      }
      for (StatisticResult s : f.statistics()) {
        rows.add(
            row(
                drift,
                rowDate,
                sides,
                f,
                s.statistic().label(),
                s.value().orElse(null),
                s.threshold().orElse(null),
                s.thresholdSource(),
                s.verdict(),
                s.detail()));
      }
    }
    rows.add(
        RowFactory.create(
            drift.dataset(),
            rowDate,
            context.runId(),
            DATASET_ROW,
            "dataset",
            "drifted_share",
            drift.driftedShare(),
            drift.driftShareThreshold(),
            "default",
            drift.verdict().label(),
            drift.verdict().label(),
            String.join(", ", drift.drifted()),
            sides.referenceLabel(),
            sides.referenceVersion(),
            sides.currentLabel(),
            sides.currentVersion(),
            null,
            null,
            mode(),
            now));
  }

  private Row row(
      DatasetDrift drift,
      Date rowDate,
      DriftSides sides,
      FeatureDrift f,
      String statistic,
      Double value,
      Double threshold,
      String source,
      Verdict verdict,
      String detail) {
    return RowFactory.create(
        drift.dataset(),
        rowDate,
        context.runId(),
        f.feature(),
        f.comparison().kind().label(),
        statistic,
        value,
        threshold,
        source,
        verdict.label(),
        f.verdict().label(),
        detail,
        sides.referenceLabel(),
        sides.referenceVersion(),
        sides.currentLabel(),
        sides.currentVersion(),
        f.comparison().referenceCount(),
        f.comparison().currentCount(),
        modes.getOrDefault(f.feature(), mode()),
        now);
  }

  private String mode() {
    return context.config().options().mode().label();
  }

  /** Replaces the compared dates' rows of the compared datasets in one commit. */
  void write() {
    Dataset<Row> frame = context.spark().createDataFrame(rows, SCHEMA);
    if (compared.isEmpty()) {
      return; // no date to compare (e.g. --dates touched on a day without rows)
    }
    if (context.input(table).exists()) {
      // Exactly the (dataset, date) pairs compared: other dates keep their rows.
      List<String> pairs = new ArrayList<>();
      for (Map.Entry<String, LocalDate> pair : compared) {
        pairs.add(
            "(dataset = '"
                + pair.getKey().replace("'", "''")
                + "' AND run_date = DATE'"
                + pair.getValue()
                + "')");
      }
      context.output(table).replaceWhere(String.join(" OR ", pairs)).execute(frame);
    } else {
      context.output(table).append().execute(frame);
    }
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("rows", rows.size());
    context.metric("drift.table_rows", rows.size());
  }

  static boolean isStatistic(String name) {
    for (DriftStatistic s : DriftStatistic.values()) {
      if (s.label().equals(name)) {
        return true;
      }
    }
    return false;
  }
}
