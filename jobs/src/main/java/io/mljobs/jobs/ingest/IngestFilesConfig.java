package io.mljobs.jobs.ingest;

import io.mljobs.common.config.Settings;
import io.mljobs.common.source.FileSourceSpec;
import io.mljobs.common.source.SourceSelection;
import java.util.List;

/**
 * Config of {@code ingest-files}: which file sources to ingest ({@code
 * mljobs.jobs.ingest-files.sources}, default every source with {@code type = files}).
 */
public record IngestFilesConfig(List<FileSourceSpec> sources) {
  public IngestFilesConfig {
    sources = List.copyOf(sources);
  }

  static IngestFilesConfig from(Settings mljobs, String jobName) {
    List<FileSourceSpec> specs =
        SourceSelection.select(mljobs, jobName, "files", "file", FileSourceSpec::from);
    return new IngestFilesConfig(specs);
  }
}
