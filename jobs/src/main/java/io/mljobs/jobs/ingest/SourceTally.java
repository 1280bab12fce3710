package io.mljobs.jobs.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one source's batches loaded in this run, for the manifest and the summary: rows per source
 * position (a file, a topic-partition), batch ids, rows loaded and quarantined. Thread-safe:
 * batches of concurrent queries may report at once.
 */
public final class SourceTally {
  private final String positionsKey;
  private final String countKey;
  private final List<Long> batchIds = new ArrayList<>();
  private final Map<String, Long> rowsPerPosition = new TreeMap<>();
  private long loaded;
  private long quarantined;
  private int skippedBatches;

  private SourceTally(String positionsKey, String countKey) {
    this.positionsKey = positionsKey;
    this.countKey = countKey;
  }

  /** Positions are files: details hold {@code files} (rows per file) and {@code file_count}. */
  public static SourceTally perFile() {
    return new SourceTally("files", "file_count");
  }

  /** Positions are {@code topic/partition}: details hold {@code rows_per_partition}. */
  public static SourceTally perPartition() {
    return new SourceTally("rows_per_partition", "partition_count");
  }

  public synchronized void add(
      long batchId,
      Map<String, Long> perPosition,
      Long loadedRows,
      Long quarantinedRows,
      boolean skipped) {
    batchIds.add(batchId);
    perPosition.forEach((position, rows) -> rowsPerPosition.merge(position, rows, Long::sum));
    loaded += loadedRows == null ? 0 : loadedRows;
    quarantined += quarantinedRows == null ? 0 : quarantinedRows;
    if (skipped) {
      skippedBatches++;
    }
  }

  public synchronized long loaded() {
    return loaded;
  }

  public synchronized long quarantined() {
    return quarantined;
  }

  /** Distinct positions (files, partitions) seen in this run. */
  public synchronized int positions() {
    return rowsPerPosition.size();
  }

  public synchronized int batches() {
    return batchIds.size();
  }

  /**
   * @param bookkeeping where the source's progress is kept (a checkpoint, a processed-files log)
   */
  public synchronized Map<String, Object> details(String bookkeeping) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put(positionsKey, new TreeMap<>(rowsPerPosition));
    details.put(countKey, rowsPerPosition.size());
    details.put("batch_ids", List.copyOf(batchIds));
    details.put("rows_loaded", loaded);
    details.put("rows_quarantined", quarantined);
    details.put("batches_already_committed", skippedBatches);
    details.put(positionsKey.equals("files") ? "log_table" : "checkpoint", bookkeeping);
    return details;
  }
}
