package io.mljobs.common.job;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.manifest.ConfigFingerprint;
import io.mljobs.common.manifest.RunHistory;
import io.mljobs.common.manifest.RunManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Refuses to continue a run id whose earlier attempt committed outputs under other config or
 * another run date: its writes would be skipped as already done although they were made from
 * something else (a repair would silently do nothing). {@code --rerun} runs it as a new write scope
 * instead.
 */
final class SameRunCheck {
  /** How many differing keys the message names. */
  private static final int KEYS_SHOWN = 10;

  private SameRunCheck() {}

  static void require(RunHistory history, RunIdentity run, Map<String, String> comparable) {
    RunManifest earlier = history.lastCommitting(run.job(), run.writeScope()).orElse(null);
    if (earlier == null) {
      return; // nothing committed yet: nothing a re-run could skip
    }
    List<String> differing = new ArrayList<>();
    if (!earlier.runDate().equals(run.runDate().toString())) {
      differing.add("--run-date (was " + earlier.runDate() + ")");
    }
    differing.addAll(
        ConfigFingerprint.differences(
            ConfigFingerprint.comparable(earlier.config(), run.job()), comparable));
    if (differing.isEmpty()) {
      return;
    }
    String shown =
        String.join(", ", differing.subList(0, Math.min(KEYS_SHOWN, differing.size())))
            + (differing.size() > KEYS_SHOWN
                ? " and " + (differing.size() - KEYS_SHOWN) + " more"
                : "");
    List<String> tables = RunHistory.scopedTables(earlier, run.job(), run.writeScope());
    throw new ConfigError(
        "--rerun",
        "Run id '"
            + run.runId()
            + "' already ran (attempt "
            + earlier.attemptId()
            + ", "
            + earlier.status()
            + ", wrote "
            + String.join(", ", tables)
            + ") with different config: "
            + shown
            + ". Continuing it would skip those writes as already done. Add --rerun to run it"
            + " again as a new attempt that writes anew, or restore the earlier config.");
  }
}
