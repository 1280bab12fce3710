package io.mljobs.jobs.cli;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.ConfigLoader;
import io.mljobs.common.config.Redactor;
import io.mljobs.common.config.Settings;
import io.mljobs.common.delta.TableVersion;
import io.mljobs.common.delta.TableVersions;
import io.mljobs.common.delta.VersionSelector;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.job.ExitCode;
import io.mljobs.common.spark.SparkSessions;
import io.mljobs.common.spark.SparkSettings;
import io.mljobs.common.table.TableRef;
import io.mljobs.common.table.Warehouse;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code versions <table>}: the committed versions of a Delta table, newest first, with the run id,
 * job and logical date each mljobs commit carries and the rows it wrote; {@code --resolve SELECTOR}
 * prints the version a selector ({@code run:<id>}, {@code date:YYYY-MM-DD}, ...) picks.
 */
@Command(
    name = "versions",
    description =
        "List the versions of a Delta table (run id, job, logical date, operation, rows), or"
            + " resolve one with --resolve run:<id> | date:YYYY-MM-DD | timestamp:<ISO> | <n>.",
    mixinStandardHelpOptions = true)
public final class VersionsCommand implements Callable<Integer> {
  private final PrintStream out;
  private final PrintStream err;

  @Mixin RunOptions options;

  @Parameters(index = "0", paramLabel = "TABLE", description = "The table, <layer>.<name>.")
  String table;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "Show at most N versions (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--resolve",
      paramLabel = "SELECTOR",
      description = "Print only the version this selector picks.")
  String resolve;

  public VersionsCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    SparkSession spark = null;
    try {
      Settings mljobs = ConfigLoader.load(options.configRequest()).settings().section("mljobs");
      TableRef ref = TableRef.parse(table, "TABLE");
      VersionSelector selector =
          resolve == null ? null : VersionSelector.parse(resolve, "--resolve");
      Warehouse warehouse = new Warehouse(mljobs.string("warehouse"));
      spark = SparkSessions.create(SparkSettings.from(mljobs.section("spark")), "mljobs versions");
      TableVersions versions = TableVersions.of(spark, warehouse.pathOf(ref), ref.toString());
      if (selector != null) {
        LocalDate date = options.runDate != null ? options.runDate : LocalDate.now(ZoneOffset.UTC);
        String runId = options.runId != null ? options.runId : "";
        TableVersion v;
        try {
          v = versions.resolve(selector, runId, date);
        } catch (JobFailure e) {
          // A selector that names no version is a wrong argument, not a fault a retry fixes.
          err.println("ERROR: " + Redactor.scrub(e.getMessage()));
          return ExitCode.BAD_CONFIG.code();
        }
        out.println(v.version());
        return ExitCode.OK.code();
      }
      out.println(ref + " (" + versions.path() + ")");
      print(versions.list().stream().limit(Math.max(1, limit)).toList());
      return ExitCode.OK.code();
    } catch (ConfigError e) {
      err.println("ERROR: " + Redactor.scrub(e.getMessage()));
      return ExitCode.BAD_CONFIG.code();
    } catch (JobFailure e) {
      err.println("ERROR: " + Redactor.scrub(e.getMessage()));
      return ExitCode.JOB_FAILED.code();
    }
  }

  private void print(List<TableVersion> versions) {
    String format = "%7s  %-24s  %-18s  %-28s  %-20s  %-10s  %s%n";
    out.printf(format, "version", "committed_at", "operation", "run_id", "job", "run_date", "rows");
    for (TableVersion v : versions) {
      out.printf(
          format,
          v.version(),
          v.timestamp(),
          v.operation(),
          dash(v.runId()),
          dash(v.job()),
          dash(v.runDate()),
          v.rows() == null ? "-" : v.rows().toString());
    }
  }

  private static String dash(String value) {
    return value == null ? "-" : value;
  }
}
