package io.mljobs.jobs;

import io.mljobs.common.config.NearestNames;
import io.mljobs.common.job.ExitCode;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobRunner;
import io.mljobs.common.job.SparkJob;
import io.mljobs.common.manifest.BuildInfo;
import io.mljobs.jobs.cli.DescribeConfigCommand;
import io.mljobs.jobs.cli.JobCommand;
import io.mljobs.jobs.cli.ListCommand;
import io.mljobs.jobs.cli.VersionsCommand;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one entry point of every job:
 *
 * <pre>
 * spark-submit --class io.mljobs.jobs.Main mljobs-jobs.jar &lt;job&gt; --config conf/pipelines/demo \
 *     --env local --run-date 2026-11-26 [--set key=value ...]
 * </pre>
 *
 * Exit codes: 0 ok, 1 job failure, 2 bad config or arguments, 3 quality gate failed, 4 retraining
 * recommended (see {@link ExitCode}).
 */
@Command(
    name = "mljobs",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Self-contained Spark jobs from raw ML data to published, versioned outputs.",
    footer = {
      "",
      "Exit codes: 0 ok, 1 job failure, 2 bad config or arguments, 3 quality gate failed,",
      "            4 retraining recommended."
    })
public final class Main implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    int code = execute(JobRegistry.discover(), System.out, System.err, args);
    stopSpark();
    System.exit(code);
  }

  /**
   * Stops the Spark session a command started, here in the main thread. Left to the JVM's shutdown
   * hook, stopping runs under Hadoop's 30-second limit for shutdown hooks; after maintain-tables
   * (OPTIMIZE and VACUUM leave many shuffle and cached block files) on a busy machine it took
   * longer, and the hook was cut off mid-way with a TimeoutException stack trace and the
   * /tmp/blockmgr-* folder left behind.
   */
  static void stopSpark() {
    scala.Option<org.apache.spark.sql.SparkSession> session =
        org.apache.spark.sql.SparkSession.getDefaultSession();
    if (session.isDefined()) {
      session.get().stop();
    }
  }

  /** Parses and runs; returns the exit code (tests call this instead of {@link #main}). */
  public static int execute(
      JobRegistry registry, PrintStream out, PrintStream err, String... args) {
    return commandLine(registry, out, err).execute(args);
  }

  /** The command line with one subcommand per registered job. */
  public static CommandLine commandLine(JobRegistry registry, PrintStream out, PrintStream err) {
    JobRunner runner = new JobRunner(registry, out, err);
    CommandLine cli = new CommandLine(new Main());
    cli.addSubcommand(new CommandLine(new ListCommand(registry, out)));
    cli.addSubcommand(new CommandLine(new DescribeConfigCommand(out, err)));
    cli.addSubcommand(new CommandLine(new VersionsCommand(out, err)));
    for (SparkJob<?> job : registry.all()) {
      cli.addSubcommand(job.name(), JobCommand.commandLine(job, runner));
    }
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cli.setParameterExceptionHandler(Main::badArguments);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("ERROR: " + e);
          return ExitCode.JOB_FAILED.code();
        });
    return cli;
  }

  /** One clear line for every argument error, then exit code 2. */
  private static int badArguments(ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    if (e instanceof UnmatchedArgumentException unmatched
        && cli.getCommandSpec().parent() == null) {
      List<String> names = new ArrayList<>(cli.getSubcommands().keySet());
      String first = unmatched.getUnmatched().isEmpty() ? "" : unmatched.getUnmatched().get(0);
      err.println(
          "ERROR: Unknown job or command '"
              + first
              + "'"
              + NearestNames.didYouMean(first, names)
              + ". Run 'list' to see the jobs.");
    } else {
      err.println(
          "ERROR: "
              + e.getMessage()
              + " (see '"
              + cli.getCommandSpec().qualifiedName()
              + " --help').");
    }
    return ExitCode.BAD_CONFIG.code();
  }

  /** {@code --version}: project version and commit. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildInfo build = BuildInfo.current();
      return new String[] {
        "mljobs "
            + build.version()
            + " ("
            + build.commit()
            + (build.dirty() ? ", dirty" : "")
            + ")",
        "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()
      };
    }
  }
}
