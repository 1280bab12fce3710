package io.mljobs.jobs.features;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The latest event time a feature stream has seen, kept per micro-batch next to the query's
 * checkpoint ({@code <checkpoint>/mljobs-watermark/<batch id>}, microseconds since the epoch).
 *
 * <p>Why not Spark's {@code withWatermark}: Spark drops late rows only in stateful operators, and a
 * {@code foreachBatch} function cannot see the batch's watermark. Kept per batch id, the watermark
 * of batch N is derived only from batches before N, so a batch replayed after a crash classifies
 * its events exactly as the first attempt did.
 */
final class StreamWatermark {
  /** How many batches' watermarks are kept. */
  static final int RETAINED = 100;

  private final Path dir;
  private final Configuration hadoop;

  StreamWatermark(String checkpoint, Configuration hadoop) {
    this.dir = new Path(checkpoint, "mljobs-watermark");
    this.hadoop = hadoop;
  }

  /** The latest event time (micros) of the batches before {@code batchId}; empty before any. */
  Optional<Long> latestBefore(long batchId) {
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      if (!fs.exists(dir)) {
        return Optional.empty();
      }
      long best = -1;
      for (FileStatus file : fs.listStatus(dir)) {
        String name = file.getPath().getName();
        if (name.matches("\\d+")) {
          long id = Long.parseLong(name);
          if (id < batchId && id > best) {
            best = id;
          }
        }
      }
      if (best < 0) {
        return Optional.empty();
      }
      try (FSDataInputStream in = fs.open(new Path(dir, Long.toString(best)))) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the feature stream's watermark in " + dir, e);
    }
  }

  /**
   * Records the latest event time (micros) seen up to and including {@code batchId}, and forgets
   * the batches older than the last {@link #RETAINED} (Structured Streaming's own default
   * retention, {@code spark.sql.streaming.minBatchesToRetain}: no older batch can be replayed).
   */
  void record(long batchId, Optional<Long> latestMicros) {
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      try (FSDataOutputStream out = fs.create(new Path(dir, Long.toString(batchId)), true)) {
        out.write(latestMicros.map(Object::toString).orElse("").getBytes(StandardCharsets.UTF_8));
      }
      for (FileStatus file : fs.listStatus(dir)) {
        String name = file.getPath().getName();
        if (name.matches("\\d+") && Long.parseLong(name) < batchId - RETAINED) {
          fs.delete(file.getPath(), false);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the feature stream's watermark in " + dir, e);
    }
  }
}
