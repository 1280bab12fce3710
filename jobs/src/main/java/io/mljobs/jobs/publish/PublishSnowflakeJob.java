package io.mljobs.jobs.publish;

import io.mljobs.common.config.Settings;
import io.mljobs.common.delta.TableVersion;
import io.mljobs.common.delta.TableVersions;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.SparkJob;
import io.mljobs.common.manifest.InputRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code publish-snowflake}: copies a Delta table version (default: the one this run made) to a
 * Snowflake table, per declared publication, with mode {@code replace}, {@code merge} or {@code
 * append-partition}; atomic (one transaction applies the mode and records the publish in the
 * publish log) and idempotent per run id (the log is checked first). See {@link SnowflakePublisher}
 * for the steps and {@link PublishSnowflakeConfig} for the config.
 *
 * <p>The manifest records, per publication, the Delta version read (an input) and the Snowflake
 * publish (an output: table, mode, rows, query ids).
 */
public final class PublishSnowflakeJob implements SparkJob<PublishSnowflakeConfig> {
  static final String NAME = "publish-snowflake";
  private final AfterStaging afterStaging;

  /** The job as registered: nothing happens between staging and apply. */
  public PublishSnowflakeJob() {
    this(AfterStaging.NONE);
  }

  /** The job with a hook between staging and apply (crash tests stop the JVM there). */
  public PublishSnowflakeJob(AfterStaging afterStaging) {
    this.afterStaging = afterStaging;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Publish Delta table versions to Snowflake tables (replace, merge or append-partition),"
        + " atomically and once per run id.";
  }

  @Override
  public PublishSnowflakeConfig configure(Settings mljobs) {
    return PublishSnowflakeConfig.from(mljobs, NAME);
  }

  /** The staging writer of the configured write path. */
  static StagingWriter writer(PublishSnowflakeConfig config) {
    return switch (config.writePath()) {
      case JDBC -> new JdbcStagingWriter(config.connection(), config.batchSize());
      case CONNECTOR -> new ConnectorStagingWriter(config.connection(), config.connectorOptions());
    };
  }

  @Override
  public JobResult run(JobContext<PublishSnowflakeConfig> context) {
    PublishSnowflakeConfig config = context.config();
    SnowflakePublisher publisher =
        new SnowflakePublisher(config, writer(config), context.run(), afterStaging);
    long rows = 0;
    int skipped = 0;
    for (Publication p : config.publications()) {
      TableVersions versions =
          TableVersions.of(context.spark(), context.pathOf(p.source()), p.source().toString());
      TableVersion version = versions.resolve(p.version(), context.runId(), context.runDate());
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("publication", p.name());
      details.put("selector", p.version().toString());
      if (version.runId() != null) {
        details.put("written_by_run", version.runId());
      }
      context.input(
          new InputRecord(
              p.source().toString(), "delta", versions.path(), version.version(), details));
      SnowflakePublisher.Prepared prepared =
          context.timed("prepare " + p.name(), () -> publisher.prepare(p, versions, version));
      PublishResult result =
          context.timed("publish " + p.name(), () -> publisher.publish(p, version, prepared));
      context.recorder().output(result.toOutputRecord(config.publishLog()));
      context.metric("rows_published." + p.name(), result.rows());
      if (result.skipped()) {
        skipped++;
      } else if (result.rows() != null) {
        rows += result.rows();
      }
    }
    return JobResult.ok(
            config.publications().size()
                + " publication(s): "
                + rows
                + " row(s) published"
                + (skipped > 0 ? ", " + skipped + " already published by this run (skipped)" : ""))
        .withMetric("rows_published", rows)
        .withMetric("publications_skipped", skipped);
  }
}
