package io.mljobs.jobs.ingest;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.NearestNames;
import io.mljobs.common.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Picks the sources an ingest job loads: the names in {@code mljobs.jobs.<job>.sources}, by default
 * every source under {@code mljobs.sources} whose {@code type} is the job's. One place for the
 * rules every ingest job shares: sources of other types belong to other jobs (so they are not
 * "unknown keys" here), a listed name must be a source of this type (nearest name suggested), and a
 * job with nothing to load is a config error.
 */
public final class SourceSelection {
  private SourceSelection() {}

  /** Parses one selected source section; {@code schemas} is {@code mljobs.schemas}. */
  @FunctionalInterface
  public interface Parser<S> {
    S parse(String name, Settings source, Settings schemas);
  }

  /**
   * The selected sources of {@code type}, parsed in the listed order.
   *
   * @param label how messages name the type ("file", "JDBC", "Kafka")
   */
  public static <S> List<S> select(
      Settings mljobs, String jobName, String type, String label, Parser<S> parser) {
    Settings own = mljobs.section("jobs").sectionOrEmpty(jobName);
    Settings sources = mljobs.sectionOrEmpty("sources");
    Settings schemas = mljobs.sectionOrEmpty("schemas");
    Set<String> declared = new TreeSet<>(sources.config().root().keySet());
    sources.declare(declared);
    schemas.declare(new TreeSet<>(schemas.config().root().keySet()));

    List<String> ofType =
        declared.stream()
            .filter(
                n ->
                    sources.config().hasPath(n + ".type")
                        && type.equals(sources.config().getString(n + ".type")))
            .toList();
    List<String> wanted = own.strings("sources", ofType);
    if (wanted.isEmpty()) {
      throw new ConfigError(
          own.fullKey("sources"),
          "No "
              + label
              + " source to ingest: declare one under mljobs.sources.<name> with type = "
              + type
              + ", or list them in "
              + own.fullKey("sources")
              + ".");
    }
    List<S> selected = new ArrayList<>();
    for (String name : wanted) {
      if (!ofType.contains(name)) {
        throw new ConfigError(
            own.fullKey("sources"),
            "Config key '"
                + own.fullKey("sources")
                + "' names '"
                + name
                + "', which is not a "
                + label
                + " source under mljobs.sources"
                + NearestNames.didYouMean(name, ofType)
                + ". "
                + label.substring(0, 1).toUpperCase(java.util.Locale.ROOT)
                + label.substring(1)
                + " sources: "
                + ofType
                + ".");
      }
      selected.add(parser.parse(name, sources.section(name), schemas));
    }
    return selected;
  }
}
