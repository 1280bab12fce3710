package io.mljobs.jobs.quality;

import static org.apache.spark.sql.functions.col;

import io.mljobs.common.config.Settings;
import io.mljobs.common.job.Console;
import io.mljobs.common.job.ExitCode;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobFlags;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.SparkJob;
import io.mljobs.common.source.IngestColumns;
import io.mljobs.common.table.TableRef;
import io.mljobs.quality.CheckOutcome;
import io.mljobs.quality.CheckSpec;
import io.mljobs.quality.CheckStatus;
import io.mljobs.quality.DatasetSpec;
import io.mljobs.quality.DeltaMetricsRepository;
import io.mljobs.quality.QualityChecks;
import io.mljobs.quality.QualityReport;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code check-quality}: the quality gate between bronze and silver. For each dataset under {@code
 * mljobs.datasets}, reads the run date's rows of its table (pinned to the Delta version read), runs
 * every declared check in one Deequ verification run, writes one row per check to {@code
 * quality.check_results} and every metric to {@code quality.metrics}, and prints a summary.
 *
 * <p>When a dataset's gate passes, its rows are promoted to {@code silver.<name>} by {@link
 * SilverPromotion} (the run date's partition is replaced, or merged on the dataset's primary key,
 * so re-runs are idempotent); in quarantine mode rows that fail strict row-level checks go to
 * {@code quarantine.<name>} instead. The promotion's guards gate too: more than {@code
 * max-quarantine-fraction} of the rows to quarantine, or zero rows replacing silver rows. A failed
 * gate writes nothing to silver or quarantine, and the job exits with code 3 after checking every
 * dataset. Warnings are reported, never fatal. A dataset whose inputs are unchanged since its last
 * promotion (same versions, same config) is skipped ({@code skip-unchanged}).
 */
public final class CheckQualityJob implements SparkJob<CheckQualityConfig>, JobFlags {
  static final String NAME = "check-quality";

  /**
   * Schema of {@code quality.check_results}: one row per check per dataset per run. detect-drift's
   * report reads the run date's rows of the latest run ({@code checked_at}) of each dataset.
   */
  public static final StructType RESULTS_SCHEMA =
      StructType.fromDDL(
          "dataset STRING, run_date DATE, run_id STRING, check STRING, type STRING,"
              + " severity STRING, status STRING, metric DOUBLE, message STRING, table STRING,"
              + " table_version BIGINT, checked_at TIMESTAMP");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Run the Deequ quality gate of each dataset; promote passing rows to silver (exit 3 when it fails).";
  }

  @Override
  public List<Flag> flags() {
    return DateSelection.FLAGS;
  }

  @Override
  public CheckQualityConfig configure(Settings mljobs) {
    return CheckQualityConfig.from(mljobs, NAME);
  }

  @Override
  public JobResult run(JobContext<CheckQualityConfig> context) {
    List<String> failed = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    int checks = 0;
    int warnings = 0;
    int jobs = 0;
    for (DatasetSpec dataset : context.config().datasets()) {
      // Each date partition is checked and promoted on its own: one bad day fails alone.
      DatasetTables.Partitions partitions =
          DatasetTables.partitions(context, dataset, context.config().dates());
      if (partitions.dates().isEmpty()) {
        Console console = context.console();
        console.println(
            dataset.name()
                + ": no rows of "
                + partitions.tableLabel()
                + " have "
                + IngestColumns.RUN_DATE
                + " = "
                + context.runDate()
                + " (--dates touched); nothing to check.");
      }
      boolean passed = true;
      int datesSkipped = 0;
      for (LocalDate date : partitions.dates()) {
        String name = partitions.name(dataset, date);
        DatasetRun done =
            context.timed(
                "check " + name, () -> check(context, dataset, partitions.of(date), date, name));
        QualityReport report = done.report();
        checks += report.outcomes().size();
        warnings += report.withStatus(CheckStatus.WARNING).size();
        jobs += report.sparkJobs();
        lines.add(name + ": " + done.line());
        if (done.skipped()) {
          skipped.add(name);
          datesSkipped++;
        } else if (!report.gatePassed()) {
          failed.add(name);
          passed = false;
        }
      }
      boolean allSkipped = datesSkipped > 0 && datesSkipped == partitions.dates().size();
      context.metric(
          "quality." + dataset.name() + ".gate",
          !passed ? "failed" : allSkipped ? "skipped" : "passed");
      context.metric("quality." + dataset.name() + ".dates", partitions.dates().size());
    }
    String summary =
        context.config().datasets().size()
            + " dataset(s), "
            + checks
            + " check(s), "
            + warnings
            + " warning(s)"
            + (skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped (inputs unchanged)")
            + "; "
            + (failed.isEmpty()
                ? "gate passed"
                : "gate FAILED for "
                    + failed
                    + ": nothing of them was promoted to silver"
                    + (failed.stream().anyMatch(f -> f.contains(" "))
                        ? " (every other date was checked and promoted on its own)"
                        : ""))
            + ". "
            + String.join(" | ", lines);
    JobResult result =
        failed.isEmpty()
            ? JobResult.ok(summary)
            : JobResult.of(ExitCode.QUALITY_GATE_FAILED, summary);
    return result.withMetric("checks", checks).withMetric("quality_spark_jobs", jobs);
  }

  /**
   * What check-quality did with one date of one dataset.
   *
   * @param report the checks' outcomes (with the promotion's guards); empty when skipped
   * @param line one line for the job's summary: what was promoted, why the gate failed, or why the
   *     date was skipped
   * @param skipped true when the inputs were unchanged since the last promotion
   */
  private record DatasetRun(QualityReport report, String line, boolean skipped) {}

  /**
   * Checks (and promotes) one date's rows of {@code dataset}; {@code name} is how the date's
   * outcome is named (the dataset, with the date when dates are chosen per run).
   */
  private DatasetRun check(
      JobContext<CheckQualityConfig> context,
      DatasetSpec dataset,
      DatasetTables.Read read,
      LocalDate date,
      String name) {
    SparkSession spark = context.spark();
    Dataset<Row> data = read.rows();
    String label = read.label();
    long version = read.version();

    boolean promote = context.config().promote();
    PromotionLineage lineage = lineage(context, dataset, version, date);
    if (promote && dataset.promotion().skipUnchanged()) {
      String silverPath = context.pathOf(dataset.silverTable());
      Optional<PromotionLineage.Earlier> earlier = lineage.lastPromotion(spark, silverPath);
      if (earlier.isPresent()) {
        String line =
            "skipped: "
                + lineage.description()
                + " unchanged since run "
                + earlier.get().runId()
                + " promoted it to "
                + dataset.silverTable()
                + " version "
                + earlier.get().silverVersion()
                + " (same config); not re-checked, not re-written";
        context.console().println("Quality checks of " + dataset.name() + ": " + line);
        context.metric("quality." + dataset.name() + ".skipped", line);
        context.metric("quality." + dataset.name() + ".promoted", 0L);
        return new DatasetRun(
            new QualityReport(dataset.name(), 0, List.of(), List.of(), 0), line, true);
      }
    }

    TableRef metricsTable = context.config().quality().metricsTable();
    DeltaMetricsRepository metrics =
        DeltaMetricsRepository.open(
            spark,
            context.pathOf(metricsTable),
            dataset.name(),
            context.config().quality().metricsRetention(),
            () -> DatasetTables.output(context, metricsTable, date));
    // The date checked is the checks' date: freshness is measured from its end, and anomaly
    // history is the metrics of earlier dates.
    QualityChecks checks =
        QualityChecks.of(dataset)
            .runDate(date)
            .describedAs(label)
            .referenceTables(ref -> reference(context, ref))
            .saveMetricsTo(metrics, metricTags(context, version));
    // Only the columns the checks read are cached for Deequ's scans; promotion reads the whole
    // partition once more, in the pass that writes silver.
    Dataset<Row> checked =
        data.select(
                checks.readColumns(data).stream()
                    .map(c -> col("`" + c + "`"))
                    .toArray(Column[]::new))
            .persist(StorageLevel.MEMORY_AND_DISK());
    SilverPromotion promotion = null;
    try {
      QualityReport report = checks.run(checked);
      if (report.gatePassed() && promote) {
        promotion =
            SilverPromotion.plan(
                context,
                dataset,
                data,
                report.rows(),
                silverSelection(dataset, date),
                lineage,
                date);
        report = report.withOutcomes(promotion.outcomes());
      }
      context.console().print(report.toText());
      writeResults(context, dataset, report, version, date);
      record(context, name.replace(' ', '.'), report);
      if (report.gatePassed() && promotion != null) {
        return new DatasetRun(report, promotion.execute(), false);
      } else if (!report.gatePassed()) {
        String line =
            "gate FAILED ("
                + report.outcomes().stream()
                    .filter(CheckOutcome::blocks)
                    .map(o -> o.name() + ": " + o.message())
                    .collect(Collectors.joining("; "))
                + "): nothing of "
                + name
                + " was written to "
                + dataset.silverTable()
                + ". Fix the data (or the checks) and re-run check-quality for "
                + date
                + (date.equals(context.runDate()) ? "" : " (--from " + date + " --to " + date + ")")
                + ".";
        context.console().println("  -> " + line);
        return new DatasetRun(report, line, false);
      }
      return new DatasetRun(report, "checked, not promoted (promote = false)", false);
    } finally {
      checked.unpersist();
      if (promotion != null) {
        promotion.close();
      }
    }
  }

  /**
   * The SQL predicate of the silver rows a promotion of {@code date} replaces: that date's
   * partition; empty when the dataset has no partition column (the whole table is replaced).
   */
  private static Optional<String> silverSelection(DatasetSpec dataset, LocalDate date) {
    return dataset.partitionColumn().map(column -> "`" + column + "` = '" + date + "'");
  }

  /**
   * What a promotion of this run is made from: the checked table's version, the versions of the
   * tables its referential checks read, the rows selected and the dataset's config.
   */
  private static PromotionLineage lineage(
      JobContext<CheckQualityConfig> context, DatasetSpec dataset, long version, LocalDate date) {
    Map<String, Long> versions = new LinkedHashMap<>();
    versions.put(dataset.table().toString(), version);
    for (CheckSpec check : dataset.checks()) {
      if (check instanceof CheckSpec.Referential r) {
        TableRef table = r.table();
        versions.put(table.toString(), DatasetTables.requireVersion(context, table));
      }
    }
    String selection = dataset.partitionColumn().map(c -> c + " = " + date).orElse("all rows");
    return PromotionLineage.of(dataset, versions, selection);
  }

  /** The result-key tags of this run's metrics: run id, table version and the run-tags. */
  private static Map<String, String> metricTags(
      JobContext<CheckQualityConfig> context, long version) {
    Map<String, String> tags = new LinkedHashMap<>(context.config().quality().runTags());
    tags.put("run_id", context.runId());
    tags.put("table_version", String.valueOf(version));
    return tags;
  }

  static Dataset<Row> reference(JobContext<?> context, TableRef table) {
    return DatasetTables.tableOf(context, table).detail("role", "reference").read();
  }

  private static void writeResults(
      JobContext<CheckQualityConfig> context,
      DatasetSpec dataset,
      QualityReport report,
      long version,
      LocalDate date) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (CheckOutcome o : report.outcomes()) {
      rows.add(
          RowFactory.create(
              dataset.name(),
              Date.valueOf(date),
              context.runId(),
              o.name(),
              o.type(),
              o.severity().label(),
              o.status().label(),
              o.metric(),
              o.message(),
              dataset.table().toString(),
              version,
              now));
    }
    DatasetTables.output(context, context.config().quality().resultsTable(), date)
        .append()
        .execute(context.spark().createDataFrame(rows, RESULTS_SCHEMA));
  }

  private static void record(JobContext<?> context, String name, QualityReport report) {
    String prefix = "quality." + name + ".";
    context.metric(prefix + "gate", report.gatePassed() ? "passed" : "failed");
    context.metric(prefix + "rows", report.rows());
    context.metric(prefix + "spark_jobs", report.sparkJobs());
    for (CheckOutcome o : report.outcomes()) {
      Map<String, Object> value = new LinkedHashMap<>();
      value.put("status", o.status().label());
      value.put("severity", o.severity().label());
      value.put("metric", o.metric());
      context.metric(prefix + "check." + o.name(), value);
    }
  }

  /**
   * The quality rejects of {@code date}'s partition in the quarantine table, found by the partition
   * value in the rejected record (the quarantine row's own {@code _run_date} is the run's, which
   * differs from the date checked with --from/--to or --dates touched): a later run that re-checks
   * the date replaces them, and dates checked by one run keep each other's. A dataset read whole
   * replaces its rejects of the run date.
   */
  static String quarantinedOn(DatasetSpec dataset, LocalDate date) {
    if (dataset.partitionColumn().isEmpty()) {
      return IngestColumns.RUN_DATE + " = DATE'" + date + "'";
    }
    String column = dataset.partitionColumn().get();
    String path =
        column.matches("[A-Za-z_][A-Za-z0-9_]*")
            ? "$." + column
            : "$[\\'" + column.replace("'", "").replace("\\", "") + "\\']";
    return "substr(get_json_object(raw_record, '" + path + "'), 1, 10) = '" + date + "'";
  }
}
