package io.mljobs.jobs.ingest.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.job.JobContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The files an earlier version of {@code ingest-files} loaded through Structured Streaming's file
 * source, read once from its checkpoint ({@code <warehouse>/_checkpoints/ingest-files/<source>})
 * when a source has no processed-files log yet, so that an upgrade does not load them again.
 */
final class StreamingCheckpoint {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StreamingCheckpoint() {}

  /**
   * Files of committed batches in the checkpoint's file-source log, by URI key (size unknown: -1),
   * or none when there is no checkpoint.
   */
  static Map<String, IngestLog.LoadedFile> loadedFiles(JobContext<?> context, String source) {
    Path checkpoint =
        new Path(context.warehouse().resolve("_checkpoints/" + IngestFilesJob.NAME + "/" + source));
    Map<String, IngestLog.LoadedFile> loaded = new HashMap<>();
    try {
      FileSystem fs =
          checkpoint.getFileSystem(context.spark().sparkContext().hadoopConfiguration());
      Path sources = new Path(checkpoint, "sources/0");
      Path commits = new Path(checkpoint, "commits");
      if (!fs.exists(sources) || !fs.exists(commits)) {
        return loaded;
      }
      long lastCommitted = -1;
      for (FileStatus commit : fs.listStatus(commits)) {
        String name = commit.getPath().getName();
        if (name.matches("\\d+")) {
          lastCommitted = Math.max(lastCommitted, Long.parseLong(name));
        }
      }
      for (FileStatus entry : fs.listStatus(sources)) {
        String name = entry.getPath().getName();
        if (!name.matches("\\d+(\\.compact)?")) {
          continue;
        }
        try (BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(fs.open(entry.getPath()), StandardCharsets.UTF_8))) {
          String line;
          while ((line = reader.readLine()) != null) {
            if (!line.startsWith("{")) {
              continue; // the version line
            }
            JsonNode file = JSON.readTree(line);
            long batch = file.path("batchId").asLong();
            if (batch <= lastCommitted) {
              String uri = FileListing.key(file.path("path").asText());
              loaded.put(
                  uri,
                  new IngestLog.LoadedFile(
                      uri,
                      uri,
                      -1,
                      file.path("timestamp").asLong(),
                      -1,
                      "(streaming checkpoint)",
                      null));
            }
          }
        }
      }
      return loaded;
    } catch (IOException e) {
      throw new JobFailure(
          "Source '"
              + source
              + "': cannot read the checkpoint "
              + checkpoint
              + " of an earlier ingest-files: "
              + e.getMessage()
              + ". Move it away to load every file again.",
          e);
    }
  }
}
