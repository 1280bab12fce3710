package io.mljobs.jobs.ingest.files;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.api.java.UDF2;

/**
 * Numbers the records of each file split in the order a task reads them (1, 2, ...): the task that
 * reads a split reads its records in file order, one after the other. Used, non-deterministic, in
 * the projection right above the file scan, so it sees every record exactly once.
 */
final class RecordNumbers implements UDF2<String, Long, Long> {
  private static final long serialVersionUID = 1L;

  // One instance per task (deserialized with the task), so no sharing between threads.
  private transient Map<String, Long> seen;

  @Override
  public Long call(String file, Long splitStart) {
    if (seen == null) {
      seen = new HashMap<>();
    }
    return seen.merge(file + "@" + splitStart, 1L, Long::sum);
  }
}
