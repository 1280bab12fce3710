package io.mljobs.jobs.drift;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.manifest.InputRecord;
import io.mljobs.jobs.quality.DateSelection;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The two sides of a drift comparison, each pinned to the Delta version read and recorded as an
 * input of the run.
 *
 * @param reference the reference rows
 * @param referenceVersion the Delta version the reference was read at
 * @param referenceLabel how the reference is named in reports
 * @param current the run date's rows
 * @param currentVersion the Delta version the current rows were read at
 * @param currentLabel how the current rows are named in reports
 */
record DriftSides(
    Dataset<Row> reference,
    long referenceVersion,
    String referenceLabel,
    Dataset<Row> current,
    long currentVersion,
    String currentLabel) {

  /** The sides of the run date. */
  static DriftSides read(JobContext<?> context, DetectDriftConfig.DriftDataset dataset) {
    return read(context, dataset, context.runDate());
  }

  /**
   * The dates of {@code dataset} to compare, ascending: those {@code selection} picks (the run date
   * alone for a dataset without a date column).
   */
  static List<LocalDate> dates(
      JobContext<?> context, DetectDriftConfig.DriftDataset dataset, DateSelection selection) {
    if (dataset.dateColumn().isEmpty()) {
      return List.of(context.runDate());
    }
    if (!selection.touched()) {
      return selection.fixedDates(context.runDate());
    }
    String path = context.pathOf(dataset.table());
    requireTable(context.spark(), dataset, path);
    return selection.dates(
        context.spark().read().format("delta").load(path),
        dataset.dateColumn().get(),
        context.runDate(),
        dataset.table().toString());
  }

  private static void requireTable(
      SparkSession spark, DetectDriftConfig.DriftDataset dataset, String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      throw new JobFailure(
          "Table "
              + dataset.table()
              + " (drift dataset "
              + dataset.name()
              + ") does not exist at "
              + path
              + ". Run the job that writes it first (e.g. check-quality), or fix the table key.");
    }
  }

  /** The sides of {@code date}: its rows are the current side, its reference relative to it. */
  static DriftSides read(
      JobContext<?> context, DetectDriftConfig.DriftDataset dataset, LocalDate date) {
    SparkSession spark = context.spark();
    String path = context.pathOf(dataset.table());
    requireTable(spark, dataset, path);
    long latest = DeltaTable.forPath(spark, path).history(1).select("version").first().getLong(0);
    Dataset<Row> table = spark.read().format("delta").option("versionAsOf", latest).load(path);
    LocalDate runDate = date;

    Dataset<Row> current = table;
    String currentLabel = dataset.table() + " version " + latest;
    if (dataset.dateColumn().isPresent()) {
      String column = dataset.dateColumn().get();
      current = table.where(dateOf(table, column).equalTo(lit(runDate.toString())));
      currentLabel += " (" + column + " = " + runDate + ")";
    }

    Dataset<Row> reference;
    long referenceVersion = latest;
    String referenceLabel;
    DriftReference ref = dataset.reference();
    if (ref instanceof DriftReference.TableVersion v) {
      if (v.version() > latest) {
        throw new JobFailure(
            "Reference version "
                + v.version()
                + " of "
                + dataset.table()
                + " does not exist (latest is "
                + latest
                + "). Fix mljobs.jobs.detect-drift.datasets."
                + dataset.name()
                + ".reference.version.");
      }
      referenceVersion = v.version();
      reference = spark.read().format("delta").option("versionAsOf", v.version()).load(path);
      referenceLabel = dataset.table() + " version " + v.version() + " (time travel, all rows)";
    } else {
      String column = dataset.dateColumn().orElseThrow();
      LocalDate from;
      LocalDate to;
      if (ref instanceof DriftReference.DateRange r) {
        from = r.from();
        to = r.to();
      } else {
        DriftReference.PreviousPeriods p = (DriftReference.PreviousPeriods) ref;
        from = p.from(runDate);
        to = runDate.minusDays(1);
      }
      reference =
          table.where(
              dateOf(table, column)
                  .geq(lit(from.toString()))
                  .and(dateOf(table, column).leq(lit(to.toString()))));
      referenceLabel =
          dataset.table() + " version " + latest + " (" + column + " " + from + " .. " + to + ")";
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("dataset", dataset.name());
    details.put("role", "drift reference");
    details.put("selection", referenceLabel);
    context.input(
        new InputRecord(dataset.table().toString(), "delta", path, referenceVersion, details));
    Map<String, Object> currentDetails = new LinkedHashMap<>();
    currentDetails.put("dataset", dataset.name());
    currentDetails.put("role", "drift current");
    currentDetails.put("selection", currentLabel);
    context.input(
        new InputRecord(dataset.table().toString(), "delta", path, latest, currentDetails));
    return new DriftSides(
        reference, referenceVersion, referenceLabel, current, latest, currentLabel);
  }

  /**
   * The date of {@code column}: the column itself for a date (or 'yyyy-MM-dd' string) partition, so
   * Delta prunes partitions; its date for a timestamp such as an event time.
   */
  private static Column dateOf(Dataset<Row> table, String column) {
    Column c = col("`" + column.replace("`", "``") + "`");
    boolean timestamp =
        java.util.Arrays.stream(table.schema().fields())
            .anyMatch(
                f ->
                    f.name().equals(column)
                        && (f.dataType() instanceof org.apache.spark.sql.types.TimestampType
                            || f.dataType()
                                instanceof org.apache.spark.sql.types.TimestampNTZType));
    return timestamp ? org.apache.spark.sql.functions.to_date(c) : c;
  }
}
