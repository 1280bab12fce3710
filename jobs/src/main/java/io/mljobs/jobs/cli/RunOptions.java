package io.mljobs.jobs.cli;

import io.mljobs.common.config.ConfigRequest;
import io.mljobs.common.job.JobInvocation;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every job (and describe-config) shares. */
public final class RunOptions {
  @Option(
      names = "--config",
      paramLabel = "PATH",
      description = "Pipeline config: a folder holding pipeline.conf, or the file itself.")
  Path config;

  @Option(
      names = "--env",
      paramLabel = "NAME",
      defaultValue = "local",
      description = "Environment overlay conf/env/NAME.conf (default: ${DEFAULT-VALUE}).")
  String env;

  @Option(
      names = "--conf-dir",
      paramLabel = "PATH",
      description = "Config root with base.conf and env/ (default: found above --config).")
  Path confDir;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override any config key (repeatable), e.g. --set mljobs.spark.ui=true.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(
      names = "--run-date",
      paramLabel = "YYYY-MM-DD",
      converter = RunDateConverter.class,
      description = "Logical date the run is for (default: today, UTC).")
  LocalDate runDate;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description =
          "Run identity; writes are idempotent per run id (default: <job>_<run-date>, so a"
              + " re-run of the same day writes nothing twice).")
  String runId;

  @Option(names = "--verbose", description = "Print stack traces of failures.")
  boolean verbose;

  /** What to load, from these options. */
  public ConfigRequest configRequest() {
    return new ConfigRequest(config, env, confDir, overrides);
  }

  /** A job invocation from these options. */
  public JobInvocation invocation(String job) {
    return invocation(job, Map.of());
  }

  /**
   * A job invocation from these options, with {@code flagOverrides} (from a job's own flags)
   * applied after the {@code --set} ones.
   */
  public JobInvocation invocation(String job, Map<String, String> flagOverrides) {
    LocalDate date = runDate != null ? runDate : LocalDate.now(ZoneOffset.UTC);
    String id = runId != null ? runId : JobInvocation.defaultRunId(job, date);
    ConfigRequest request = configRequest();
    if (!flagOverrides.isEmpty()) {
      Map<String, String> all = new LinkedHashMap<>(overrides);
      flagOverrides.forEach(
          (key, value) -> {
            all.remove(key); // keep the order: the flag is the last word
            all.put(key, value);
          });
      request = new ConfigRequest(config, env, confDir, all);
    }
    return new JobInvocation(job, request, date, id, verbose);
  }
}
