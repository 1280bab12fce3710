package io.mljobs.jobs.quality;

import io.mljobs.common.config.Settings;
import io.mljobs.common.job.Console;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.SparkJob;
import io.mljobs.common.table.TableRef;
import io.mljobs.quality.CheckSuggestions;
import io.mljobs.quality.DatasetSpec;
import java.util.List;
import java.util.Map;

/**
 * {@code suggest-checks}: Deequ's constraint suggestions ({@code Rules.DEFAULT}) on each dataset's
 * rows (the run date's partition, as check-quality reads them), or on {@code
 * mljobs.jobs.suggest-checks.table}, printed as a ready-to-edit {@code
 * mljobs.datasets.<name>.checks = [ ... ]} block with a {@code # why:} comment per check. Writes
 * nothing.
 */
public final class SuggestChecksJob implements SparkJob<SuggestChecksConfig> {
  static final String NAME = "suggest-checks";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Print Deequ's suggested checks for a dataset (or table) as a HOCON block; writes nothing.";
  }

  @Override
  public SuggestChecksConfig configure(Settings mljobs) {
    return SuggestChecksConfig.from(mljobs, NAME);
  }

  @Override
  public JobResult run(JobContext<SuggestChecksConfig> context) {
    int suggested = 0;
    if (context.config().table().isPresent()) {
      TableRef table = context.config().table().get();
      DatasetTables.Read read =
          DatasetTables.read(
              context, table, context.config().partitionColumn(), Map.of("role", "suggest"));
      suggested += print(context, table.name(), read);
    } else {
      for (DatasetSpec dataset : context.config().datasets()) {
        suggested += print(context, dataset.name(), DatasetTables.read(context, dataset));
      }
    }
    return JobResult.ok(suggested + " check suggestion(s) printed; nothing written")
        .withMetric("suggestions", suggested);
  }

  private static int print(
      JobContext<SuggestChecksConfig> context, String name, DatasetTables.Read read) {
    if (read.rows().isEmpty()) {
      // Deequ's suggestion runner fails on an empty partition ("Empty state for analyzer").
      context
          .console()
          .println(
              "# No rows for "
                  + name
                  + " in "
                  + read.label()
                  + ": nothing to suggest from. Run suggest-checks for a date with rows"
                  + " (--run-date), or on a whole table (mljobs.jobs.suggest-checks.table).");
      return 0;
    }
    List<CheckSuggestions.Suggestion> suggestions =
        context.timed(
            "suggest " + name,
            () -> CheckSuggestions.suggest(DatasetTables.withoutMetadata(read.rows())));
    Console console = context.console();
    console.println(
        "# Suggested checks for "
            + name
            + " from "
            + read.label()
            + ": "
            + CheckSuggestions.summary(suggestions)
            + ". Review before use.");
    context.console().print(CheckSuggestions.toHocon(name, suggestions));
    return suggestions.size();
  }
}
