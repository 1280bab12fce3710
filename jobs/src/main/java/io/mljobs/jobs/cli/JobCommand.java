package io.mljobs.jobs.cli;

import io.mljobs.common.job.JobFlags;
import io.mljobs.common.job.JobRunner;
import io.mljobs.common.job.SparkJob;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The subcommand of one job: parses the shared options (and the job's own {@link JobFlags}, if it
 * has any) and hands over to {@link JobRunner}.
 */
@Command(mixinStandardHelpOptions = true, sortOptions = false)
public final class JobCommand implements Callable<Integer> {
  private final SparkJob<?> job;
  private final JobRunner runner;
  private final List<JobFlags.Flag> flags;
  private CommandSpec spec;

  @Mixin RunOptions options;

  @Option(
      names = "--rerun",
      description =
          "Run a run id again as a new attempt whose writes are made anew (not skipped as done by"
              + " an earlier attempt). Needed when the config or run date changed since that run.")
  boolean rerun;

  public JobCommand(SparkJob<?> job, JobRunner runner) {
    this.job = job;
    this.runner = runner;
    this.flags = job instanceof JobFlags own ? List.copyOf(own.flags()) : List.of();
  }

  /** The job's subcommand, with its description and its own flags after the shared options. */
  public static CommandLine commandLine(SparkJob<?> job, JobRunner runner) {
    JobCommand command = new JobCommand(job, runner);
    CommandLine cli = new CommandLine(command);
    command.spec = cli.getCommandSpec();
    command.spec.usageMessage().description(job.description());
    for (JobFlags.Flag flag : command.flags) {
      command.spec.addOption(
          OptionSpec.builder(flag.name())
              .paramLabel(flag.paramLabel())
              .description(flag.description())
              .type(String.class)
              .build());
    }
    return cli;
  }

  @Override
  public Integer call() {
    Map<String, String> fromFlags = new LinkedHashMap<>();
    if (spec != null) {
      for (JobFlags.Flag flag : flags) {
        String value = spec.findOption(flag.name()).getValue();
        if (value != null) {
          fromFlags.put("mljobs.jobs." + job.name() + "." + flag.key(), value);
        }
      }
    }
    var invocation = options.invocation(job.name(), fromFlags);
    return runner.run(rerun ? invocation.asRerun() : invocation);
  }
}
