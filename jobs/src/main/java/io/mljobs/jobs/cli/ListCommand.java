package io.mljobs.jobs.cli;

import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.SparkJob;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code list}: the jobs with their one-line descriptions. */
@Command(name = "list", description = "List the jobs.", mixinStandardHelpOptions = true)
public final class ListCommand implements Callable<Integer> {
  private final JobRegistry registry;
  private final PrintStream out;

  public ListCommand(JobRegistry registry, PrintStream out) {
    this.registry = registry;
    this.out = out;
  }

  @Override
  public Integer call() {
    int width = registry.names().stream().mapToInt(String::length).max().orElse(0);
    for (SparkJob<?> job : registry.all()) {
      out.printf("%-" + width + "s  %s%n", job.name(), job.description());
    }
    return 0;
  }
}
