package io.mljobs.jobs.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What one source's batches loaded in this run, for the manifest and the summary. */
final class SourceTally {
  private final List<Long> batchIds = new ArrayList<>();
  private final Map<String, Long> rowsPerFile = new TreeMap<>();
  private long loaded;
  private long quarantined;
  private int skippedBatches;

  synchronized void add(
      long batchId,
      Map<String, Long> perFile,
      Long loadedRows,
      Long quarantinedRows,
      boolean skipped) {
    batchIds.add(batchId);
    rowsPerFile.putAll(perFile);
    loaded += loadedRows == null ? 0 : loadedRows;
    quarantined += quarantinedRows == null ? 0 : quarantinedRows;
    if (skipped) {
      skippedBatches++;
    }
  }

  synchronized long loaded() {
    return loaded;
  }

  synchronized long quarantined() {
    return quarantined;
  }

  synchronized int files() {
    return rowsPerFile.size();
  }

  synchronized Map<String, Object> details(String checkpoint) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("files", new TreeMap<>(rowsPerFile));
    details.put("file_count", rowsPerFile.size());
    details.put("batch_ids", List.copyOf(batchIds));
    details.put("rows_loaded", loaded);
    details.put("rows_quarantined", quarantined);
    details.put("batches_already_committed", skippedBatches);
    details.put("checkpoint", checkpoint);
    return details;
  }
}
