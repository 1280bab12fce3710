package io.mljobs.common.delta;

import io.mljobs.common.manifest.OutputRecord;
import java.util.Map;

/**
 * The outcome of one {@link DeltaOutput#execute} call.
 *
 * @param table logical name
 * @param path storage path
 * @param mode the write mode, kebab-case
 * @param version the committed version; for a skipped write, the version the earlier attempt
 *     committed when it is still in recent history, else null
 * @param rows rows written (inserted plus updated for merges), null when unknown or skipped
 * @param skipped true when this write was already committed by an earlier attempt of the run
 * @param operationMetrics Delta's operation metrics of the commit
 * @param committedBy the attempt id in the commit's user metadata (for a skipped write: the earlier
 *     attempt that committed it), null when the commit carries none
 */
public record DeltaWriteResult(
    String table,
    String path,
    String mode,
    Long version,
    Long rows,
    boolean skipped,
    Map<String, String> operationMetrics,
    String committedBy,
    String txnAppId) {

  public DeltaWriteResult {
    operationMetrics = Map.copyOf(operationMetrics);
  }

  /** A result whose commit names no attempt. */
  public DeltaWriteResult(
      String table,
      String path,
      String mode,
      Long version,
      Long rows,
      boolean skipped,
      Map<String, String> operationMetrics) {
    this(table, path, mode, version, rows, skipped, operationMetrics, null, null);
  }

  /** The manifest's view of this write. */
  public OutputRecord toOutputRecord(Map<String, Object> details) {
    Map<String, Object> all = new java.util.TreeMap<>(details);
    all.put("operation_metrics", operationMetrics);
    if (txnAppId != null) {
      all.put("txn_app_id", txnAppId);
    }
    return new OutputRecord(table, "delta", path, version, mode, rows, skipped, all, committedBy);
  }
}
