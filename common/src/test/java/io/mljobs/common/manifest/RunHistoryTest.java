package io.mljobs.common.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decisions over earlier attempts, on hand-made manifests (no Spark). */
class RunHistoryTest {
  private static OutputRecord delta(String table, long version, String txn, boolean skipped) {
    return new OutputRecord(
        table,
        "delta",
        "/wh/" + table,
        version,
        "append",
        skipped ? null : 3L,
        skipped,
        txn == null ? Map.of() : Map.of("txn_app_id", txn),
        null);
  }

  private static RunManifest attempt(
      String id, String status, String scope, List<OutputRecord> outputs) {
    return new RunManifest(
        1,
        "r",
        id,
        "job",
        "p",
        "2026-11-26",
        "local",
        status,
        0,
        "2026-11-26T00:00:0" + id,
        "2026-11-26T00:01:00Z",
        1,
        new BuildInfo("v", "c", false),
        "3.5.7",
        "local[2]",
        "app",
        Map.of(),
        List.of(),
        List.of(),
        List.of(),
        outputs,
        Map.of(),
        Map.of(),
        "s",
        null,
        "f",
        scope);
  }

  @Test
  void carriesWhatEarlierAttemptsOfTheScopeCommittedOnceEachNamingTheAttempt() {
    RunHistory history =
        RunHistory.of(
            List.of(
                attempt("2Z", "running", "r", List.of(delta("b", 1, "mljobs/job/r/b", false))),
                attempt("1Z", "running", "r", List.of(delta("b", 0, "mljobs/job/r/b", false))),
                attempt("0Z", "succeeded", "old", List.of(delta("b", 9, "x", false)))));
    OutputRecord own = delta("b", 1, "mljobs/job/r/b", true).withCommittedBy("2Z");
    List<OutputRecord> all =
        history.withCarriedOutputs("r", List.of(own, delta("c", 0, null, false)));

    assertEquals(
        List.of("b v0 by 1Z", "b v1 by 2Z (skipped)", "c v0 by null"),
        all.stream()
            .map(
                o ->
                    o.name()
                        + " v"
                        + o.version()
                        + " by "
                        + o.committedBy()
                        + (o.skipped() ? " (skipped)" : ""))
            .toList(),
        "another scope's outputs are not carried; a version this attempt points at is listed once");
    assertEquals("r", history.currentScope("r"));
    assertEquals(2, history.unfinished().size());
  }

  @Test
  void onlyWritesKeyedByTheScopeHoldTheRunToItsConfig() {
    RunHistory ingestOnly =
        RunHistory.of(
            List.of(
                attempt(
                    "1Z",
                    "succeeded",
                    "r",
                    List.of(delta("bronze.x", 0, "mljobs/job/src/query-id", false)))));
    assertTrue(ingestOnly.lastCommitting("job", "r").isEmpty(), "keyed by checkpoint");

    RunHistory scoped =
        RunHistory.of(
            List.of(
                attempt(
                    "1Z",
                    "succeeded",
                    "r",
                    List.of(delta("silver.x", 4, "mljobs/job/r/silver.x", false))),
                attempt("2Z", "bad-config", "r", List.of())));
    assertEquals("1Z", scoped.lastCommitting("job", "r").orElseThrow().attemptId());
    assertEquals(
        List.of("silver.x"), RunHistory.scopedTables(scoped.attempts().get(0), "job", "r"));
    assertTrue(scoped.lastCommitting("job", "r~2Z").isEmpty(), "a new scope starts clean");
  }
}
