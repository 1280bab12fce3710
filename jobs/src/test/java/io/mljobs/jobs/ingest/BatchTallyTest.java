package io.mljobs.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class BatchTallyTest {

  private static String[] passed(String position) {
    return new String[] {position, null, null, null, null};
  }

  private static String[] rejected(String position, String raw) {
    return new String[] {position, raw, "amount: bad", "type", position + "#1"};
  }

  @Test
  void countsRowsPerPositionAndKeepsEveryReject() {
    BatchTally tally = new BatchTally(1 << 20);
    tally.add(passed("f1"));
    tally.add(rejected("f1", "x,1"));
    tally.add(passed("f2"));
    assertEquals(Map.of("f1", 2L, "f2", 1L), tally.rowsPerPosition());
    assertEquals(1, tally.rejects());
    assertEquals(2, tally.passed(), "what bronze must have received");
    assertTrue(tally.allRejectsKept());
    Row kept = tally.keptRejects().get(0);
    assertEquals(
        List.of("x,1", "amount: bad", "type", "f1#1"),
        List.of(kept.getString(0), kept.getString(1), kept.getString(2), kept.getString(3)));
  }

  @Test
  void mergingTaskTalliesAddsTheirCounts() {
    BatchTally a = new BatchTally(1 << 20);
    a.add(passed("f1"));
    a.add(rejected("f1", "r1"));
    BatchTally b = (BatchTally) a.copyAndReset();
    assertTrue(b.isZero(), "a task starts from an empty copy");
    b.add(passed("f1"));
    b.add(rejected("f2", "r2"));
    a.merge(b);
    assertEquals(Map.of("f1", 3L, "f2", 1L), a.rowsPerPosition());
    assertEquals(2, a.rejects());
    assertTrue(a.allRejectsKept());
    assertEquals(2, a.keptRejects().size());
  }

  @Test
  void pastTheMemoryBoundRejectsAreCountedButNotKept() {
    // Each reject costs its raw record + reason + 64 characters: 2 fit in 200, not 3.
    BatchTally tally = new BatchTally(200);
    for (int i = 0; i < 3; i++) {
      tally.add(rejected("f1", "row-" + i));
    }
    assertEquals(3, tally.rejects());
    assertFalse(tally.allRejectsKept(), "the writer must read the batch again");
    assertTrue(tally.keptRejects().isEmpty(), "nothing half-kept");

    // An overflowed task tally makes the merged one overflowed too.
    BatchTally merged = new BatchTally(1 << 20);
    merged.add(rejected("f2", "r"));
    merged.merge(tally);
    assertEquals(4, merged.rejects());
    assertFalse(merged.allRejectsKept());
  }

  @Test
  void aZeroBoundKeepsNothing() {
    BatchTally tally = new BatchTally(0);
    tally.add(rejected("f1", "r"));
    assertFalse(tally.allRejectsKept());
    tally.reset();
    assertTrue(tally.isZero());
    assertTrue(tally.allRejectsKept(), "no rejects: nothing to read again");
  }
}
