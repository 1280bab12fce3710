package io.mljobs.jobs.ingest;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.NearestNames;
import io.mljobs.common.config.Settings;
import io.mljobs.common.source.JdbcSourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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
    Settings own = mljobs.section("jobs").sectionOrEmpty(jobName);
    Settings sources = mljobs.sectionOrEmpty("sources");
    Settings schemas = mljobs.sectionOrEmpty("schemas");
    Set<String> declared = new TreeSet<>(sources.config().root().keySet());
    sources.declare(declared); // other jobs own the non-JDBC sources
    schemas.declare(new TreeSet<>(schemas.config().root().keySet()));

    List<String> jdbcSources =
        declared.stream()
            .filter(
                n ->
                    sources.config().hasPath(n + ".type")
                        && TYPE.equals(sources.config().getString(n + ".type")))
            .toList();
    List<String> wanted = own.strings("sources", jdbcSources);
    if (wanted.isEmpty()) {
      throw new ConfigError(
          own.fullKey("sources"),
          "No JDBC source to ingest: declare one under mljobs.sources.<name> with type = jdbc, or"
              + " list them in "
              + own.fullKey("sources")
              + ".");
    }
    List<JdbcSourceSpec> specs = new ArrayList<>();
    for (String name : wanted) {
      if (!jdbcSources.contains(name)) {
        throw new ConfigError(
            own.fullKey("sources"),
            "Config key '"
                + own.fullKey("sources")
                + "' names '"
                + name
                + "', which is not a JDBC source under mljobs.sources"
                + NearestNames.didYouMean(name, jdbcSources)
                + ". JDBC sources: "
                + jdbcSources
                + ".");
      }
      specs.add(JdbcSourceSpec.from(name, sources.section(name), schemas));
    }
    return new IngestJdbcConfig(specs);
  }
}
