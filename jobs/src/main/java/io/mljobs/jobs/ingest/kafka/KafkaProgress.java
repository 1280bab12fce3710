package io.mljobs.jobs.ingest.kafka;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * The Kafka offsets one query started from and reached in this run, from its progress reports (what
 * Structured Streaming checkpoints): the start offsets of its first batch and the end offsets of
 * its last. Listens on the session for long runs (a query keeps only its last 100 reports) and
 * takes the query's own recent reports at the end, since listener events arrive asynchronously.
 */
final class KafkaProgress extends StreamingQueryListener {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<TreeMap<String, TreeMap<Integer, Long>>> OFFSETS =
      new TypeReference<>() {};

  private final String queryName;
  private long firstBatch = Long.MAX_VALUE;
  private String firstStart;
  private long lastBatch = Long.MIN_VALUE;
  private String lastEnd;
  private long lastInputRows;

  KafkaProgress(String queryName) {
    this.queryName = queryName;
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    record(event.progress());
  }

  @Override
  public void onQueryIdle(QueryIdleEvent event) {}

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  /** Takes the reports the query still holds (call after it stopped). */
  void absorb(StreamingQuery query) {
    for (StreamingQueryProgress progress : query.recentProgress()) {
      record(progress);
    }
  }

  synchronized void record(StreamingQueryProgress progress) {
    if (!queryName.equals(progress.name()) || progress.sources().length == 0) {
      return;
    }
    SourceProgress source = progress.sources()[0];
    long batch = progress.batchId();
    if (batch < firstBatch) {
      firstBatch = batch;
      firstStart = source.startOffset();
    }
    if (batch >= lastBatch && source.endOffset() != null) {
      lastBatch = batch;
      lastEnd = source.endOffset();
      lastInputRows = progress.numInputRows();
    }
  }

  /**
   * Manifest details: {@code start_offsets} and {@code end_offsets} (per topic, partition to the
   * next offset to read), where the start came from, and the broker's offsets before the run.
   */
  synchronized Map<String, Object> details(KafkaSourceSpec source, KafkaPreflight.Result broker) {
    Map<String, Object> details = new LinkedHashMap<>();
    Object start = offsets(firstStart);
    String startFrom = "checkpoint";
    if (start == null) {
      // A new checkpoint: the query began at the broker's earliest or latest offsets.
      start =
          source.startingOffsets() == KafkaSourceSpec.StartingOffsets.EARLIEST
              ? broker.earliest()
              : broker.latest();
      startFrom =
          "broker (new checkpoint, starting-offsets = "
              + source.startingOffsets().sparkValue()
              + ")";
    }
    Object end = offsets(lastEnd);
    details.put("start_offsets", start);
    details.put("start_offsets_from", startFrom);
    details.put("end_offsets", end == null ? start : end);
    details.put("last_batch_input_rows", lastInputRows);
    details.put("broker_earliest_offsets_at_start", broker.earliest());
    details.put("broker_latest_offsets_at_start", broker.latest());
    details.put("topics", broker.topics());
    return details;
  }

  /** Spark's offsets JSON ({"topic":{"0":42}}) as a sorted map; as given if it is not that. */
  static Object offsets(String offsetsJson) {
    if (offsetsJson == null || offsetsJson.isBlank() || offsetsJson.equals("null")) {
      return null;
    }
    try {
      return new TreeMap<>(JSON.readValue(offsetsJson, OFFSETS));
    } catch (java.io.IOException e) {
      return offsetsJson;
    }
  }
}
