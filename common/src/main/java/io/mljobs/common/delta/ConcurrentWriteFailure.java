package io.mljobs.common.delta;

import io.mljobs.common.error.JobFailure;
import java.util.Map;

/**
 * A write that kept conflicting with another writer of the same table after every retry. Nothing of
 * the write was committed, so running the job again (same run id) is safe.
 */
public final class ConcurrentWriteFailure extends JobFailure {
  private static final long serialVersionUID = 1L;

  public ConcurrentWriteFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The one-line message: which table, which run holds it (from the user metadata of the table's
   * latest commit, when it has mljobs' run id), and that a re-run is safe.
   */
  static String message(String table, Map<String, String> lastWriter, int tries) {
    String runId = lastWriter.get("run_id");
    String holder = "another writer";
    if (runId != null) {
      java.util.List<String> facts = new java.util.ArrayList<>();
      if (lastWriter.get("job") != null) {
        facts.add("job " + lastWriter.get("job"));
      }
      if (lastWriter.get("attempt_id") != null) {
        facts.add("attempt " + lastWriter.get("attempt_id"));
      }
      holder =
          "run '" + runId + "'" + (facts.isEmpty() ? "" : " (" + String.join(", ", facts) + ")");
    }
    return "Table "
        + table
        + " is being written by "
        + holder
        + " at the same time: "
        + tries
        + " tr"
        + (tries == 1 ? "y" : "ies")
        + " of this write conflicted with its commits. Nothing of this write was committed;"
        + " re-run when the other run has finished (safe: the same run id writes nothing twice).";
  }
}
