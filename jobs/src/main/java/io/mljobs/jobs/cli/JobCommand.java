package io.mljobs.jobs.cli;

import io.mljobs.common.job.JobRunner;
import io.mljobs.common.job.SparkJob;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The subcommand of one job: parses the shared options and hands over to {@link JobRunner}. */
@Command(mixinStandardHelpOptions = true, sortOptions = false)
public final class JobCommand implements Callable<Integer> {
  private final SparkJob<?> job;
  private final JobRunner runner;

  @Mixin RunOptions options;

  public JobCommand(SparkJob<?> job, JobRunner runner) {
    this.job = job;
    this.runner = runner;
  }

  @Override
  public Integer call() {
    return runner.run(options.invocation(job.name()));
  }
}
