package io.mljobs.common.manifest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The earlier attempts of one run id (finished, failed, or left running by a kill), oldest first:
 * which write scope a new attempt continues, whether it is still the same run, and what the earlier
 * attempts committed.
 */
public final class RunHistory {
  private final List<RunManifest> attempts;

  private RunHistory(List<RunManifest> attempts) {
    this.attempts = attempts;
  }

  /** The history of {@code attempts} (any order; sorted by start time). */
  public static RunHistory of(List<RunManifest> attempts) {
    List<RunManifest> sorted = new ArrayList<>(attempts);
    sorted.sort(Comparator.comparing(RunManifest::startedAt).thenComparing(RunManifest::attemptId));
    return new RunHistory(List.copyOf(sorted));
  }

  /** No earlier attempt. */
  public static RunHistory empty() {
    return new RunHistory(List.of());
  }

  public List<RunManifest> attempts() {
    return attempts;
  }

  /** The write scope a plain re-run continues: the latest attempt's, or the run id itself. */
  public String currentScope(String runId) {
    return attempts.isEmpty() ? runId : attempts.get(attempts.size() - 1).effectiveWriteScope();
  }

  /**
   * The latest attempt in {@code scope} that committed at least one write keyed by that scope (a
   * Delta write through the job context, transaction id {@code mljobs/<job>/<scope>/...}), if any.
   * Writes keyed otherwise (ingest batches by checkpoint, Snowflake by its publish log) do not
   * count: a new scope would not make them again.
   */
  public Optional<RunManifest> lastCommitting(String job, String scope) {
    String prefix = "mljobs/" + job + "/" + scope + "/";
    for (int i = attempts.size() - 1; i >= 0; i--) {
      RunManifest attempt = attempts.get(i);
      if (attempt.effectiveWriteScope().equals(scope) && !scopedWrites(attempt, prefix).isEmpty()) {
        return Optional.of(attempt);
      }
    }
    return Optional.empty();
  }

  /**
   * The outputs {@code attempt} committed itself (not skipped, not carried from an earlier attempt:
   * a refused re-run lists the run's versions too) under transaction ids with {@code prefix}.
   */
  static List<OutputRecord> scopedWrites(RunManifest attempt, String prefix) {
    return attempt.outputs().stream()
        .filter(o -> !o.skipped())
        .filter(o -> o.committedBy() == null || o.committedBy().equals(attempt.attemptId()))
        .filter(o -> String.valueOf(o.details().get("txn_app_id")).startsWith(prefix))
        .toList();
  }

  /** The names of the tables {@code attempt} wrote under {@code job}'s {@code scope}. */
  public static List<String> scopedTables(RunManifest attempt, String job, String scope) {
    return scopedWrites(attempt, "mljobs/" + job + "/" + scope + "/").stream()
        .map(OutputRecord::name)
        .distinct()
        .toList();
  }

  /**
   * Every output committed by the earlier attempts in {@code scope} that {@code own} (this
   * attempt's outputs) does not already point at, each naming its committing attempt, followed by
   * {@code own}: the manifest of the attempt that completes a run lists all of the run's versions.
   */
  public List<OutputRecord> withCarriedOutputs(String scope, List<OutputRecord> own) {
    Map<String, OutputRecord> carried = new LinkedHashMap<>();
    for (RunManifest attempt : attempts) {
      if (!attempt.effectiveWriteScope().equals(scope)) {
        continue;
      }
      for (OutputRecord output : attempt.outputs()) {
        if (!output.skipped()) {
          carried.putIfAbsent(
              key(output),
              output.committedBy() == null ? output.withCommittedBy(attempt.attemptId()) : output);
        }
      }
    }
    own.forEach(output -> carried.remove(key(output)));
    List<OutputRecord> all = new ArrayList<>(carried.values());
    all.addAll(own);
    return all;
  }

  /** Earlier attempts that left only their running manifest (killed, crashed, or still running). */
  public List<RunManifest> unfinished() {
    return attempts.stream().filter(a -> RunManifest.RUNNING.equals(a.status())).toList();
  }

  /** One output version: where and which version (null versions never match each other). */
  private static String key(OutputRecord output) {
    return output.kind()
        + "|"
        + output.location()
        + "|"
        + (output.version() == null
            ? "null@" + output.committedBy() + "@" + System.identityHashCode(output)
            : output.version());
  }
}
