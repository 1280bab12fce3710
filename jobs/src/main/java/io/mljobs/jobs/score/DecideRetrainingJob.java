package io.mljobs.jobs.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.mljobs.common.config.Settings;
import io.mljobs.common.delta.DeltaWriteResult;
import io.mljobs.common.job.ExitCode;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.SparkJob;
import io.mljobs.jobs.train.RegistryEntry;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * {@code decide-retraining}: combines the run date's data drift ({@code quality.drift}) with the
 * champion's realized-performance verdicts ({@code models.performance}) under the configured
 * policy, writes the decision and its reasons to {@code models.decisions} (one row per model and
 * run date, replaced on re-run) and the manifest, and exits 4 when retraining is recommended.
 */
public final class DecideRetrainingJob implements SparkJob<DecideRetrainingConfig> {
  static final String NAME = "decide-retraining";

  static final StructType SCHEMA =
      StructType.fromDDL(
          "model STRING, run_date DATE, policy STRING, recommended BOOLEAN,"
              + " reasons ARRAY<STRING>, drifted_features ARRAY<STRING>, drifted_share DOUBLE,"
              + " drifted_datasets ARRAY<STRING>, degraded_dates ARRAY<STRING>, run_id STRING,"
              + " decided_at TIMESTAMP");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Recommend retraining from data drift and realized performance (exit 4 when so).";
  }

  @Override
  public DecideRetrainingConfig configure(Settings mljobs) {
    return DecideRetrainingConfig.from(mljobs, NAME);
  }

  @Override
  public JobResult run(JobContext<DecideRetrainingConfig> context) {
    DecideRetrainingConfig config = context.config();
    LocalDate date = context.runDate();
    RetrainingPolicy.Drift drift = drift(context);
    List<Row> rows = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    List<String> recommended = new ArrayList<>();
    Timestamp now = Timestamp.from(Instant.now());
    for (String model : config.models()) {
      List<String> degraded = degradedDates(context, model);
      RetrainingPolicy.Decision decision =
          config.policy().decide(date, drift, degraded, lastRecommended(context, model));
      rows.add(
          RowFactory.create(
              model,
              Date.valueOf(date),
              config.policy().kind().kebab(),
              decision.recommended(),
              decision.reasons(),
              drift.drifted(),
              drift.share(),
              drift.driftedDatasets(),
              degraded,
              context.runId(),
              now));
      context.metric("decision." + model + ".recommended", decision.recommended());
      context.metric("decision." + model + ".reasons", decision.reasons());
      if (decision.recommended()) {
        recommended.add(model);
      }
      lines.add(
          model
              + ": "
              + (decision.recommended() ? "retraining recommended" : "no retraining")
              + " ("
              + String.join("; ", decision.reasons())
              + ")");
    }
    DeltaWriteResult written =
        context
            .output(config.decisionsTable())
            .replaceWhere(
                "run_date = DATE'"
                    + date
                    + "' AND model IN ("
                    + String.join(", ", config.models().stream().map(m -> "'" + m + "'").toList())
                    + ")")
            .execute(context.spark().createDataFrame(rows, SCHEMA));
    String summary =
        String.join("; ", lines)
            + " -> "
            + config.decisionsTable()
            + " version "
            + written.version();
    return JobResult.of(recommended.isEmpty() ? ExitCode.OK : ExitCode.RETRAIN_RECOMMENDED, summary)
        .withMetric("retraining_recommended", recommended);
  }

  /** The run date's drift verdicts, from each dataset's latest computation for that date. */
  private static RetrainingPolicy.Drift drift(JobContext<DecideRetrainingConfig> context) {
    DecideRetrainingConfig config = context.config();
    Optional<Dataset<Row>> table = TableReads.latest(context, config.driftTable());
    if (table.isEmpty()) {
      return new RetrainingPolicy.Drift(List.of(), List.of(), List.of());
    }
    Dataset<Row> day =
        table.get().where(col("run_date").equalTo(lit(Date.valueOf(context.runDate()))));
    if (!config.driftDatasets().isEmpty()) {
      day = day.where(col("dataset").isin(config.driftDatasets().toArray()));
    }
    Dataset<Row> latest = day.groupBy("dataset").agg(max("computed_at").as("__latest"));
    day = day.join(latest, "dataset").where(col("computed_at").equalTo(col("__latest"))).cache();
    List<String> compared = new ArrayList<>();
    List<String> drifted = new ArrayList<>();
    for (Row r :
        day.where(col("feature").notEqual(lit("*")))
            .groupBy("dataset", "feature")
            .agg(max(col("feature_verdict").equalTo(lit("drift")).cast("int")).as("d"))
            .orderBy("dataset", "feature")
            .collectAsList()) {
      String name = r.getString(0) + "." + r.getString(1);
      compared.add(name);
      if (!r.isNullAt(2) && r.getInt(2) == 1) {
        drifted.add(name);
      }
    }
    List<String> datasets =
        day.where(col("feature").equalTo(lit("*")).and(col("verdict").equalTo(lit("drift"))))
            .select("dataset")
            .distinct()
            .orderBy("dataset")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    day.unpersist();
    return new RetrainingPolicy.Drift(compared, drifted, datasets);
  }

  /** Scoring dates in the window whose champion verdict is degraded. */
  private static List<String> degradedDates(
      JobContext<DecideRetrainingConfig> context, String model) {
    DecideRetrainingConfig config = context.config();
    LocalDate from = context.runDate().minusDays(config.performanceWindow().toDays());
    return TableReads.latest(context, config.performanceTable())
        .map(
            t ->
                t.where(
                        col("model")
                            .equalTo(lit(model))
                            .and(col("alias").equalTo(lit(RegistryEntry.CHAMPION)))
                            .and(col("verdict").equalTo(lit(RealizedMetrics.DEGRADED)))
                            .and(col("score_date").geq(lit(Date.valueOf(from))))
                            .and(col("score_date").leq(lit(Date.valueOf(context.runDate())))))
                    .select(col("score_date").cast("string"))
                    .distinct()
                    .orderBy("score_date")
                    .as(org.apache.spark.sql.Encoders.STRING())
                    .collectAsList())
        .orElse(List.of());
  }

  /** The latest earlier run date on which retraining was recommended for {@code model}. */
  private static Optional<LocalDate> lastRecommended(
      JobContext<DecideRetrainingConfig> context, String model) {
    return TableReads.latest(context, context.config().decisionsTable())
        .flatMap(
            t -> {
              Row r =
                  t.where(
                          col("model")
                              .equalTo(lit(model))
                              .and(col("recommended"))
                              .and(col("run_date").lt(lit(Date.valueOf(context.runDate())))))
                      .agg(max("run_date"))
                      .first();
              return r.isNullAt(0) ? Optional.empty() : Optional.of(r.getDate(0).toLocalDate());
            });
  }
}
