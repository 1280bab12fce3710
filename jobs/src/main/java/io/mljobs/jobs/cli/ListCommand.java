package io.mljobs.jobs.cli;

import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.SparkJob;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code list}: the jobs with their one-line descriptions, then the other commands ({@code
 * versions}, {@code describe-config}) that the same entry point offers.
 */
@Command(
    name = "list",
    description = "List the jobs and the other commands.",
    mixinStandardHelpOptions = true)
public final class ListCommand implements Callable<Integer> {
  private final JobRegistry registry;
  private final PrintStream out;

  @Spec CommandSpec spec;

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
    Map<String, String> commands = otherCommands();
    if (!commands.isEmpty()) {
      int w = commands.keySet().stream().mapToInt(String::length).max().orElse(0);
      out.println();
      out.println("Other commands:");
      commands.forEach(
          (name, description) -> out.printf("  %-" + w + "s  %s%n", name, description));
    }
    return 0;
  }

  /** The entry point's subcommands that are not jobs (and not this one), sorted by name. */
  private Map<String, String> otherCommands() {
    Map<String, String> commands = new LinkedHashMap<>();
    if (spec == null || spec.parent() == null) {
      return commands;
    }
    new java.util.TreeMap<>(spec.parent().subcommands())
        .forEach(
            (String name, CommandLine command) -> {
              if (!registry.names().contains(name) && !name.equals(spec.name())) {
                String[] description = command.getCommandSpec().usageMessage().description();
                commands.put(name, description.length == 0 ? "" : description[0]);
              }
            });
    return commands;
  }
}
