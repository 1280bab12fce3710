package io.mljobs.jobs.drift;

import io.mljobs.common.delta.DeltaInput;
import io.mljobs.common.delta.VersionSelector;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.job.JobContext;
import io.mljobs.jobs.quality.DateSelection;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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
    return selection.dates(
        requireTable(context, dataset).scan(),
        dataset.dateColumn().get(),
        context.runDate(),
        dataset.table().toString());
  }

  private static DeltaInput requireTable(
      JobContext<?> context, DetectDriftConfig.DriftDataset dataset) {
    DeltaInput input = context.input(dataset.table()).latest().detail("dataset", dataset.name());
    if (!input.exists()) {
      throw new JobFailure(
          "Table "
              + dataset.table()
              + " (drift dataset "
              + dataset.name()
              + ") does not exist at "
              + context.pathOf(dataset.table())
              + ". Run the job that writes it first (e.g. check-quality), or fix the table key.");
    }
    return input;
  }

  /** The sides of {@code date}: its rows are the current side, its reference relative to it. */
  static DriftSides read(
      JobContext<?> context, DetectDriftConfig.DriftDataset dataset, LocalDate date) {
    DeltaInput table = requireTable(context, dataset);
    long latest = table.version();

    DeltaInput current = table.detail("role", "drift current");
    if (dataset.dateColumn().isPresent()) {
      current = current.partition(dataset.dateColumn().get(), date);
    }
    String currentLabel = current.label();

    DeltaInput reference;
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
      reference = table.asOf(VersionSelector.parse(Long.toString(v.version()), "version"));
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
        from = p.from(date);
        to = date.minusDays(1);
      }
      reference = table.between(column, from, to);
      referenceLabel =
          dataset.table() + " version " + latest + " (" + column + " " + from + " .. " + to + ")";
    }
    reference = reference.detail("role", "drift reference").detail("selection", referenceLabel);
    Dataset<Row> referenceRows = reference.read();
    Dataset<Row> currentRows = current.detail("selection", currentLabel).read();
    return new DriftSides(
        referenceRows, reference.version(), referenceLabel, currentRows, latest, currentLabel);
  }
}
