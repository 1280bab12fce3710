package io.mljobs.jobs.drift;

import io.mljobs.common.config.Settings;
import io.mljobs.common.delta.DeltaInput;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.job.Console;
import io.mljobs.common.job.ExitCode;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobFlags;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.SparkJob;
import io.mljobs.common.source.IngestColumns;
import io.mljobs.jobs.quality.DateSelection;
import io.mljobs.quality.drift.DatasetDrift;
import io.mljobs.quality.drift.DriftAnalysis;
import io.mljobs.quality.drift.DriftHtmlReport;
import io.mljobs.quality.drift.DriftJudge;
import io.mljobs.quality.drift.FeatureKind;
import io.mljobs.quality.drift.FeatureSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

/**
 * {@code detect-drift}: for each dataset under {@code mljobs.jobs.detect-drift.datasets}, compares
 * the run date's partition (current) with its reference (a date range, the previous N periods, or a
 * Delta version) feature by feature, judges every statistic against configured or learned
 * thresholds, writes one row per feature per statistic to {@code quality.drift} (the run date's
 * rows of those datasets replaced, so re-runs are idempotent), and writes an HTML report under
 * {@code <warehouse>/_reports/detect-drift/<run-date>/<run-id>.html}. With {@code fail-on-drift} a
 * dataset that drifts ends the run with exit code 4 (retraining recommended) for the DAG to branch
 * on.
 */
public final class DetectDriftJob implements SparkJob<DetectDriftConfig>, JobFlags {
  static final String NAME = "detect-drift";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Compare each dataset's run-date partition with its reference, per feature (PSI, KS,"
        + " Wasserstein, JS, L∞, χ²); write quality.drift and an HTML report (exit 4 on drift"
        + " with --fail-on-drift).";
  }

  @Override
  public List<Flag> flags() {
    List<Flag> flags = new ArrayList<>(DateSelection.FLAGS);
    flags.add(
        new Flag(
            "--fail-on-drift",
            "fail-on-drift",
            "true|false",
            "Exit with code 4 (retraining recommended) when a dataset drifts. Same as --set"
                + " mljobs.jobs.detect-drift.fail-on-drift=true."));
    return flags;
  }

  @Override
  public DetectDriftConfig configure(Settings mljobs) {
    return DetectDriftConfig.from(mljobs, NAME);
  }

  @Override
  public JobResult run(JobContext<DetectDriftConfig> context) {
    DetectDriftConfig config = context.config();
    DriftAnalysis analysis = DriftAnalysis.of(config.options());
    DriftRows rows = new DriftRows(context);
    // A --rerun (its own write scope) computes and writes anew; any other re-run of a run id that
    // stored its rows keeps them and their report.
    boolean rerun = !context.run().writeScope().equals(context.runId());
    Map<String, Boolean> stored = rerun ? Map.of() : rows.storedByThisRun();
    if (!stored.isEmpty()) {
      return keptFirstRun(context, stored);
    }
    List<DriftHtmlReport.Section> sections = new ArrayList<>();
    List<String> drifted = new ArrayList<>();
    int jobs = 0;
    boolean perDate = config.dates().mode() != DateSelection.Mode.RUN_DATE;
    for (DetectDriftConfig.DriftDataset dataset : config.datasets()) {
      // Each date is compared with its own reference and reported on its own.
      List<LocalDate> dates = DriftSides.dates(context, dataset, config.dates());
      if (dates.isEmpty()) {
        Console console = context.console();
        console.println(
            "Drift of "
                + dataset.name()
                + ": no rows of "
                + dataset.table()
                + " with "
                + IngestColumns.RUN_DATE
                + " = "
                + context.runDate()
                + "; nothing to compare.");
      }
      for (LocalDate date : dates) {
        String name =
            perDate && dataset.dateColumn().isPresent()
                ? dataset.name() + " " + date
                : dataset.name();
        DatasetDrift drift =
            context.timed(
                "drift " + name, () -> compare(context, analysis, rows, dataset, sections, date));
        jobs += drift.sparkJobs();
        if (drift.verdict() == io.mljobs.quality.drift.Verdict.DRIFT) {
          drifted.add(name);
        }
      }
    }
    // The report first: a run whose table write committed always has its report, and a re-run of
    // that run id keeps both (keptFirstRun); one that failed before the commit rewrites both.
    if (config.report()) {
      String path = writeReport(context, sections);
      context.metric("drift.report", path);
      context.console().println("Drift report: " + path);
    }
    rows.write();
    String summary =
        config.datasets().size()
            + " dataset(s) compared ("
            + config.options().mode().label()
            + " mode); "
            + (drifted.isEmpty() ? "no dataset drifted" : "drift in " + drifted);
    boolean fail = config.failOnDrift() && !drifted.isEmpty();
    JobResult result =
        fail
            ? JobResult.of(ExitCode.RETRAIN_RECOMMENDED, summary + " (exit 4: --fail-on-drift)")
            : JobResult.ok(summary);
    return result.withMetric("drift_spark_jobs", jobs).withMetric("drifted_datasets", drifted);
  }

  private static DatasetDrift compare(
      JobContext<DetectDriftConfig> context,
      DriftAnalysis analysis,
      DriftRows rows,
      DetectDriftConfig.DriftDataset dataset,
      List<DriftHtmlReport.Section> sections,
      LocalDate date) {
    DriftSides sides = DriftSides.read(context, dataset, date);
    List<FeatureSpec> features = features(dataset, sides.current(), sides.reference());
    DriftAnalysis.Result result = analysis.compare(sides.reference(), sides.current(), features);
    DriftJudge judge =
        new DriftJudge(dataset::thresholdsOf, context.config().learned(), dataset.driftShare());
    // A side without rows compares nothing, so no threshold is learned from the history.
    boolean anyCompared =
        result.comparisons().stream()
            .anyMatch(c -> c.undefined().isEmpty() || !c.values().isEmpty());
    DatasetDrift drift =
        judge.judge(
            dataset.name(),
            result.comparisons(),
            anyCompared
                ? rows.history(dataset.name(), context.config().learned(), date)
                : DriftJudge.History.NONE,
            result.sparkJobs());
    rows.add(drift, sides, date, result.modes());
    sections.add(
        new DriftHtmlReport.Section(
            drift, sides.referenceLabel(), sides.currentLabel(), result.modes()));
    record(context, drift, result.modes());
    print(context.console(), drift, sides);
    return drift;
  }

  /** The configured columns, or the current schema's (without {@code _*}) of an inferable kind. */
  static List<FeatureSpec> features(
      DetectDriftConfig.DriftDataset dataset, Dataset<Row> current, Dataset<Row> reference) {
    Map<String, StructField> fields = new LinkedHashMap<>();
    for (StructField f : reference.schema().fields()) {
      fields.put(f.name(), f);
    }
    for (StructField f : current.schema().fields()) {
      fields.put(f.name(), f);
    }
    List<String> names = new ArrayList<>(dataset.columns());
    if (names.isEmpty()) {
      for (StructField f : current.schema().fields()) {
        if (!f.name().startsWith("_")) {
          names.add(f.name());
        }
      }
    }
    List<FeatureSpec> features = new ArrayList<>();
    for (String name : names) {
      if (dataset.exclude().contains(name)) {
        continue;
      }
      StructField field = fields.get(name);
      if (field == null) {
        throw new JobFailure(
            "Column '"
                + name
                + "' (mljobs.jobs.detect-drift.datasets."
                + dataset.name()
                + ".columns) is in neither the reference nor the current data of "
                + dataset.table()
                + ". Columns: "
                + fields.keySet()
                + ". Fix the columns list.");
      }
      FeatureKind kind = dataset.kinds().get(name);
      if (kind == null) {
        if (field.dataType() instanceof NumericType) {
          kind = FeatureKind.NUMERIC;
        } else if (field.dataType() instanceof StringType
            || field.dataType() instanceof BooleanType) {
          kind = FeatureKind.CATEGORICAL;
        } else if (!dataset.columns().isEmpty()) {
          throw new JobFailure(
              "Cannot infer whether column '"
                  + name
                  + "' ("
                  + field.dataType().simpleString()
                  + ") is numeric or categorical: set mljobs.jobs.detect-drift.datasets."
                  + dataset.name()
                  + ".kinds."
                  + name
                  + " = numeric | categorical.");
        } else {
          continue; // inferred column lists skip timestamps, arrays, ...
        }
      }
      features.add(new FeatureSpec(name, kind));
    }
    return features;
  }

  private static void record(JobContext<?> context, DatasetDrift drift, Map<String, String> modes) {
    String prefix = "drift." + drift.dataset() + ".";
    context.metric(prefix + "verdict", drift.verdict().label());
    context.metric(prefix + "drifted_share", drift.driftedShare());
    context.metric(prefix + "drifted", drift.drifted());
    context.metric(prefix + "spark_jobs", drift.sparkJobs());
    context.metric(prefix + "modes", new java.util.TreeMap<>(modes));
    Map<String, List<String>> added = new java.util.TreeMap<>();
    Map<String, List<String>> vanished = new java.util.TreeMap<>();
    for (io.mljobs.quality.drift.FeatureDrift f : drift.features()) {
      if (!f.comparison().newCategories().isEmpty()) {
        added.put(f.feature(), f.comparison().newCategories());
      }
      if (!f.comparison().vanishedCategories().isEmpty()) {
        vanished.put(f.feature(), f.comparison().vanishedCategories());
      }
    }
    context.metric(prefix + "new_categories", added);
    context.metric(prefix + "vanished_categories", vanished);
  }

  /**
   * A re-run of a run id whose rows are already in {@code quality.drift}: one run id keeps one set
   * of numbers, so neither the table nor the report is rewritten (the report of the first attempt
   * stays), and the exit code follows the stored verdicts.
   */
  private static JobResult keptFirstRun(
      JobContext<DetectDriftConfig> context, Map<String, Boolean> stored) {
    List<String> drifted = new ArrayList<>();
    stored.forEach(
        (dataset, drift) -> {
          if (drift) {
            drifted.add(dataset);
          }
        });
    String report = reportPath(context);
    context.metric("drift.kept_first_run", true);
    if (context.config().report()) {
      context.metric("drift.report", report);
    }
    String summary =
        "run id "
            + context.runId()
            + " already stored drift of "
            + stored.keySet()
            + " for "
            + context.runDate()
            + ": kept those rows of quality.drift and their report "
            + report
            + ", nothing recomputed; "
            + (drifted.isEmpty() ? "no dataset drifted" : "drift in " + drifted)
            + ". Use a new run id to recompute.";
    JobResult result =
        context.config().failOnDrift() && !drifted.isEmpty()
            ? JobResult.of(ExitCode.RETRAIN_RECOMMENDED, summary + " (exit 4: --fail-on-drift)")
            : JobResult.ok(summary);
    return result.withMetric("drifted_datasets", drifted);
  }

  private static String reportPath(JobContext<?> context) {
    return context
        .warehouse()
        .resolve("_reports/" + NAME + "/" + context.runDate() + "/" + context.runId() + ".html");
  }

  private static void print(Console console, DatasetDrift drift, DriftSides sides) {
    console.println(
        "Drift of "
            + drift.dataset()
            + ": "
            + drift.verdict().label()
            + " ("
            + drift.drifted().size()
            + " of "
            + drift.features().size()
            + " feature(s) drifted: "
            + drift.drifted()
            + ")\n  reference: "
            + sides.referenceLabel()
            + "\n  current:   "
            + sides.currentLabel());
    drift
        .features()
        .forEach(
            f ->
                console.println(
                    "  "
                        + f.feature()
                        + ": "
                        + f.verdict().label()
                        + f.comparison().undefined().map(r -> " (" + r + ")").orElse("")));
  }

  private static String writeReport(
      JobContext<DetectDriftConfig> context, List<DriftHtmlReport.Section> sections) {
    String html =
        DriftHtmlReport.render(
            "Drift report, " + context.runDate(),
            context.runId(),
            context.runDate().toString(),
            sections,
            qualityChecks(context));
    String path = reportPath(context);
    try {
      Path target = new Path(path);
      FileSystem fs = target.getFileSystem(context.spark().sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(target, true)) {
        out.write(html.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new JobFailure(
          "Cannot write the drift report to "
              + path
              + " ("
              + e.getMessage()
              + "). Check the"
              + " warehouse is writable, or set mljobs.jobs.detect-drift.report = false.");
    }
    return path;
  }

  /** The run date's quality-check results of the compared datasets (latest run per dataset). */
  private static List<DriftHtmlReport.QualityCheck> qualityChecks(
      JobContext<DetectDriftConfig> context) {
    DeltaInput input =
        context.input(context.config().quality().resultsTable()).latest().detail("role", "report");
    List<DriftHtmlReport.QualityCheck> checks = new ArrayList<>();
    if (!input.exists()) {
      return checks;
    }
    Dataset<Row> results = input.partition("run_date", context.runDate()).read();
    Dataset<Row> latest =
        results
            .groupBy("dataset")
            .agg(org.apache.spark.sql.functions.max("checked_at").as("latest"));
    Column same =
        results
            .col("dataset")
            .equalTo(latest.col("dataset"))
            .and(results.col("checked_at").equalTo(latest.col("latest")));
    for (Row r :
        results
            .join(latest, same, "left_semi")
            .select("dataset", "check", "severity", "status", "message")
            .orderBy("dataset", "check")
            .collectAsList()) {
      checks.add(
          new DriftHtmlReport.QualityCheck(
              r.getString(0),
              r.getString(1),
              r.getString(2),
              r.getString(3),
              r.isNullAt(4) ? "" : r.getString(4)));
    }
    return checks;
  }
}
