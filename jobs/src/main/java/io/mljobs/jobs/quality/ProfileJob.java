package io.mljobs.jobs.quality;

import io.mljobs.common.config.Settings;
import io.mljobs.common.delta.DeltaWriteResult;
import io.mljobs.common.job.Console;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobFlags;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.SparkJob;
import io.mljobs.quality.DatasetProfiler;
import io.mljobs.quality.DatasetSpec;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code profile}: Deequ's column profiler on the run date's rows of each dataset's table (as
 * check-quality reads them), one row per column in {@code quality.profiles} (type, completeness,
 * approximate distinct count, min, max, mean, stddev, percentiles, and a JSON histogram for
 * low-cardinality columns). A partition of more than {@code sample-rows} rows is profiled from a
 * uniform sample of about that many ({@link DatasetProfiler}); {@code rows} and {@code
 * profiled_rows} say which. Ingest bookkeeping columns ({@code _run_id}, ...) are left out. The
 * dataset's rows for the date profiled are replaced, so re-runs are idempotent. With {@code --from
 * D1 --to D2} or {@code --dates touched} every selected date partition is profiled on its own, its
 * {@code run_date} being the date profiled.
 */
public final class ProfileJob implements SparkJob<ProfileConfig>, JobFlags {
  static final String NAME = "profile";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Profile each dataset's columns with Deequ into quality.profiles.";
  }

  @Override
  public List<Flag> flags() {
    return DateSelection.FLAGS;
  }

  @Override
  public ProfileConfig configure(Settings mljobs) {
    return ProfileConfig.from(mljobs, NAME);
  }

  @Override
  public JobResult run(JobContext<ProfileConfig> context) {
    int columns = 0;
    for (DatasetSpec dataset : context.config().datasets()) {
      // One profile per date partition, each replacing that date's rows of the dataset.
      DatasetTables.Partitions partitions =
          DatasetTables.partitions(context, dataset, context.config().dates());
      for (LocalDate date : partitions.dates()) {
        String name = partitions.name(dataset, date);
        columns +=
            context.timed(
                "profile " + name, () -> profile(context, dataset, partitions.of(date), date));
      }
    }
    return JobResult.ok(
            context.config().datasets().size()
                + " dataset(s), "
                + columns
                + " column profile(s) in "
                + context.config().quality().profilesTable())
        .withMetric("profiled_columns", columns);
  }

  private static int profile(
      JobContext<ProfileConfig> context,
      DatasetSpec dataset,
      DatasetTables.Read read,
      LocalDate date) {
    DatasetProfiler.Profile profile =
        DatasetProfiler.lowCardinalityThreshold(context.config().lowCardinalityThreshold())
            .sampleRows(context.config().sampleRows())
            .profile(DatasetTables.withoutMetadata(read.rows()));
    context.console().print(profile.toText(dataset.name() + " (" + read.label() + ")"));
    // mergeSchema: profiles tables written before profiled_rows existed gain the column.
    DeltaWriteResult written =
        DatasetTables.output(context, context.config().quality().profilesTable(), date)
            .mergeSchema()
            .replaceWhere(
                "dataset = '"
                    + dataset.name().replace("'", "\\'")
                    + "' AND run_date = DATE'"
                    + date
                    + "'")
            .execute(profile.toRows(context.spark(), dataset.name(), date, context.runId()));
    context.metric("profile." + dataset.name() + ".rows", profile.rows());
    context.metric("profile." + dataset.name() + ".profiled_rows", profile.profiledRows());
    context.metric("profile." + dataset.name() + ".columns", profile.columns().size());
    Console console = context.console();
    console.println(
        "  -> "
            + profile.columns().size()
            + " column profile(s) in "
            + context.config().quality().profilesTable()
            + " version "
            + written.version());
    return profile.columns().size();
  }
}
