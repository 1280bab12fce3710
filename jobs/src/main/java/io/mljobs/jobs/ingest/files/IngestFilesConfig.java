package io.mljobs.jobs.ingest.files;

import io.mljobs.common.config.Settings;
import io.mljobs.jobs.ingest.IngestBatchWriter;
import io.mljobs.jobs.ingest.SourceSelection;
import java.util.List;

/**
 * Config of {@code ingest-files}: which file sources to ingest ({@code
 * mljobs.jobs.ingest-files.sources}, default every source with {@code type = files}), how many of
 * them load at the same time ({@code parallel-sources}, default 4) and how much reject text a batch
 * keeps in memory ({@code rejects-in-memory}, see {@link IngestBatchWriter}).
 */
public record IngestFilesConfig(
    List<FileSourceSpec> sources, int parallelSources, long rejectsInMemory) {
  static final int DEFAULT_PARALLEL_SOURCES = 4;

  public IngestFilesConfig {
    sources = List.copyOf(sources);
  }

  static IngestFilesConfig from(Settings mljobs, String jobName) {
    Settings own = mljobs.section("jobs").sectionOrEmpty(jobName);
    List<FileSourceSpec> specs =
        SourceSelection.select(
            mljobs,
            jobName,
            "files",
            "file",
            (name, source, schemas) -> FileSourceSpec.from(name, source, schemas, own));
    int parallel = own.integer("parallel-sources", DEFAULT_PARALLEL_SOURCES, 1);
    return new IngestFilesConfig(specs, parallel, IngestBatchWriter.rejectsInMemory(own));
  }
}
