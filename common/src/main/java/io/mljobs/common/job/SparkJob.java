package io.mljobs.common.job;

import io.mljobs.common.config.Settings;
import io.mljobs.common.error.JobFailure;

/**
 * One mljobs job. Implementations are registered through {@code
 * META-INF/services/io.mljobs.common.job.SparkJob} and run by {@link JobRunner}, which owns the
 * lifecycle: config is parsed with {@link #configure} before Spark starts, then {@link #run} gets a
 * {@link JobContext} with the session, the typed config and the run's identity, and every run
 * leaves a manifest whatever happens.
 *
 * <p>Keep {@code run} a thin shell: read through sources, call pure {@code Dataset -> Dataset}
 * transforms, write through {@link JobContext#output}.
 *
 * @param <C> the job's immutable, validated config record
 */
public interface SparkJob<C> {

  /** Kebab-case name used on the command line ({@code ingest-files}). */
  String name();

  /** One line for {@code list} and {@code --help}. */
  String description();

  /**
   * Reads and validates this job's config from the {@code mljobs} section, failing with a {@link
   * io.mljobs.common.config.ConfigError} that names the key. Runs before Spark starts and must not
   * touch data. The job's own section is {@code mljobs.jobs.<name>}; call {@link
   * Settings#rejectUnknownKeys()} on what you read so typos are caught.
   */
  C configure(Settings mljobs);

  /** Does the work. Throw {@link JobFailure} for expected runtime faults with a clear message. */
  JobResult run(JobContext<C> context) throws Exception;
}
