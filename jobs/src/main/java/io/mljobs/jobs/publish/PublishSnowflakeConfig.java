package io.mljobs.jobs.publish;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.NearestNames;
import io.mljobs.common.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Config of {@code publish-snowflake} ({@code mljobs.jobs.publish-snowflake}).
 *
 * <pre>{@code
 * mljobs.jobs.publish-snowflake {
 *   write-path = jdbc                 # jdbc | connector
 *   connection { ... }                # SnowflakeConnectionSpec
 *   publish-log-table = PUBLISH_LOG   # in the connection's database and schema
 *   batch-size = 1000                 # jdbc path: rows per INSERT batch
 *   select = []                       # publications to run (default: all)
 *   publications { <name> { ... } }   # Publication
 *   connector-options {}              # connector path: extra spark-snowflake options
 * }
 * }</pre>
 *
 * @param connection how to reach Snowflake
 * @param writePath how rows reach the staging table
 * @param publishLog the publish log table
 * @param batchSize rows per JDBC batch
 * @param publications the publications to run, in name order
 * @param connectorOptions extra connector options
 */
public record PublishSnowflakeConfig(
    SnowflakeConnectionSpec connection,
    WritePath writePath,
    SnowflakeTable publishLog,
    int batchSize,
    List<Publication> publications,
    Map<String, String> connectorOptions) {

  public PublishSnowflakeConfig {
    publications = List.copyOf(publications);
    connectorOptions = Map.copyOf(connectorOptions);
  }

  /** Reads and validates the job's section. */
  public static PublishSnowflakeConfig from(Settings mljobs, String jobName) {
    Settings own = mljobs.section("jobs").section(jobName);
    SnowflakeConnectionSpec connection = SnowflakeConnectionSpec.from(own.section("connection"));
    Map<String, Settings> declared = own.namedSections("publications");
    if (declared.isEmpty()) {
      throw new ConfigError(
          own.fullKey("publications"),
          "No publications: declare "
              + own.fullKey("publications")
              + ".<name> { source = \"silver.x\", target = \"X\", mode = replace }.");
    }
    List<String> selected = own.strings("select", List.copyOf(declared.keySet()));
    List<Publication> publications = new ArrayList<>();
    for (String name : selected) {
      Settings s = declared.get(name);
      if (s == null) {
        throw new ConfigError(
            own.fullKey("select"),
            "Config key '"
                + own.fullKey("select")
                + "' names publication '"
                + name
                + "', which is not declared"
                + NearestNames.didYouMean(name, declared.keySet())
                + ". Declared: "
                + declared.keySet()
                + ".");
      }
      publications.add(Publication.from(name, s, connection));
    }
    // Declared but not selected: still validated, so a typo never waits for the day it is used.
    declared.forEach(
        (name, s) -> {
          if (!selected.contains(name)) {
            Publication.from(name, s, connection);
          }
        });
    PublishSnowflakeConfig config =
        new PublishSnowflakeConfig(
            connection,
            own.choice("write-path", WritePath.class, WritePath.JDBC),
            SnowflakeTable.parse(
                own.string("publish-log-table", "PUBLISH_LOG"),
                own.fullKey("publish-log-table"),
                connection.database(),
                connection.schema()),
            own.integer("batch-size", 1000, 1),
            publications,
            own.stringMap("connector-options"));
    return config;
  }
}
