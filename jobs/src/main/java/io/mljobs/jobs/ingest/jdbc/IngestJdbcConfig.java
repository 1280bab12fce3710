package io.mljobs.jobs.ingest.jdbc;

import io.mljobs.common.config.Settings;
import io.mljobs.jobs.ingest.SourceSelection;
import java.util.List;

/**
 * Config of {@code ingest-jdbc}: which JDBC sources to ingest ({@code
 * mljobs.jobs.ingest-jdbc.sources}, default every source with {@code type = jdbc}). Each source is
 * declared under {@code mljobs.sources.<name>}, see {@link JdbcSourceSpec}.
 */
public record IngestJdbcConfig(List<JdbcSourceSpec> sources) {
  static final String TYPE = "jdbc";

  public IngestJdbcConfig {
    sources = List.copyOf(sources);
  }

  static IngestJdbcConfig from(Settings mljobs, String jobName) {
    List<JdbcSourceSpec> specs =
        SourceSelection.select(mljobs, jobName, TYPE, "JDBC", JdbcSourceSpec::from);
    return new IngestJdbcConfig(specs);
  }
}
