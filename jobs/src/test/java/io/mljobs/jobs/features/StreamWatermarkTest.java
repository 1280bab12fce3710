package io.mljobs.jobs.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream's watermark, kept per batch: a replayed batch sees what its first attempt saw. */
class StreamWatermarkTest {
  @TempDir Path tmp;

  @Test
  void aBatchSeesOnlyTheLatestEventTimeOfTheBatchesBeforeIt() {
    StreamWatermark w = new StreamWatermark(tmp.toString(), new Configuration());
    assertEquals(Optional.empty(), w.latestBefore(0));
    w.record(0, Optional.of(1_000L));
    w.record(1, Optional.of(5_000L));
    assertEquals(Optional.of(1_000L), w.latestBefore(1), "a replay of batch 1 ignores its own");
    assertEquals(Optional.of(5_000L), w.latestBefore(2));
    w.record(2, Optional.empty());
    assertEquals(Optional.empty(), w.latestBefore(3), "a batch of no timed event recorded empty");
  }

  @Test
  void onlyTheLastBatchesAreKept() throws Exception {
    StreamWatermark w = new StreamWatermark(tmp.toString(), new Configuration());
    for (long id = 0; id <= StreamWatermark.RETAINED + 5; id++) {
      w.record(id, Optional.of(id));
    }
    try (var files = Files.list(tmp.resolve("mljobs-watermark"))) {
      assertEquals(
          StreamWatermark.RETAINED + 1,
          files.filter(p -> p.getFileName().toString().matches("\\d+")).count());
    }
    assertEquals(Optional.of(7L), w.latestBefore(8));
  }
}
