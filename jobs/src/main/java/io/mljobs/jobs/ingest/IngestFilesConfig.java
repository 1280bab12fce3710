package io.mljobs.jobs.ingest;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.NearestNames;
import io.mljobs.common.config.Settings;
import io.mljobs.common.source.FileSourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Config of {@code ingest-files}: which file sources to ingest ({@code
 * mljobs.jobs.ingest-files.sources}, default every source with {@code type = files}).
 */
public record IngestFilesConfig(List<FileSourceSpec> sources) {
  public IngestFilesConfig {
    sources = List.copyOf(sources);
  }

  static IngestFilesConfig from(Settings mljobs, String jobName) {
    Settings own = mljobs.section("jobs").sectionOrEmpty(jobName);
    Settings sources = mljobs.sectionOrEmpty("sources");
    Settings schemas = mljobs.sectionOrEmpty("schemas");
    Set<String> declared = new TreeSet<>(sources.config().root().keySet());
    sources.declare(declared); // other jobs own the non-file sources
    schemas.declare(new TreeSet<>(schemas.config().root().keySet()));

    List<String> fileSources =
        declared.stream()
            .filter(
                n ->
                    "files"
                        .equals(
                            sources.config().hasPath(n + ".type")
                                ? sources.config().getString(n + ".type")
                                : null))
            .toList();
    List<String> wanted = own.strings("sources", fileSources);
    List<FileSourceSpec> specs = new ArrayList<>();
    for (String name : wanted) {
      if (!fileSources.contains(name)) {
        throw new ConfigError(
            own.fullKey("sources"),
            "Config key '"
                + own.fullKey("sources")
                + "' names '"
                + name
                + "', which is not a file source under mljobs.sources"
                + NearestNames.didYouMean(name, fileSources)
                + ". File sources: "
                + fileSources
                + ".");
      }
      specs.add(FileSourceSpec.from(name, sources.section(name), schemas));
    }
    return new IngestFilesConfig(specs);
  }
}
