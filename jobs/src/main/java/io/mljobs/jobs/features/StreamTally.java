package io.mljobs.jobs.features;

import io.mljobs.common.delta.DeltaWriteResult;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What one feature stream did in this run: batches, rows written, commits, and the events that came
 * later than the watermark (with their dates, so the report can say which dates to rebuild).
 * Updated on the driver only, by the query's {@code foreachBatch} thread.
 */
final class StreamTally {
  private int batches;
  private long rows;
  private int replayed;
  private final List<Long> versions = new ArrayList<>();
  private long lateEvents;
  private LocalDate lateFrom;
  private LocalDate lateTo;

  synchronized void batch() {
    batches++;
  }

  synchronized void written(DeltaWriteResult result) {
    if (result.skipped()) {
      replayed++;
      return;
    }
    rows += result.rows() == null ? 0 : result.rows();
    if (result.version() != null) {
      versions.add(result.version());
    }
  }

  synchronized void late(long events, LocalDate from, LocalDate to) {
    lateEvents += events;
    lateFrom = lateFrom == null || from.isBefore(lateFrom) ? from : lateFrom;
    lateTo = lateTo == null || to.isAfter(lateTo) ? to : lateTo;
  }

  synchronized int batches() {
    return batches;
  }

  synchronized long rows() {
    return rows;
  }

  /** Batches whose commit an earlier attempt had already made (skipped by Delta). */
  synchronized int replayed() {
    return replayed;
  }

  /** The feature-table versions this run's batches committed, in order. */
  synchronized List<Long> versions() {
    return List.copyOf(versions);
  }

  synchronized long lateEvents() {
    return lateEvents;
  }

  /** The event dates of the late events, {@code D1..D2}; empty when none. */
  synchronized String lateDates() {
    return lateEvents == 0 ? "" : lateFrom + ".." + lateTo;
  }

  synchronized LocalDate lateFrom() {
    return lateFrom;
  }

  synchronized LocalDate lateTo() {
    return lateTo;
  }
}
