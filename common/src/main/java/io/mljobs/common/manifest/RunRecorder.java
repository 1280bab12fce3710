package io.mljobs.common.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Collects what a run reads, writes and measures while it runs, so the manifest is complete even
 * when the job fails halfway. Thread-safe: streaming batches may record from other threads.
 */
public final class RunRecorder {
  private final List<InputRecord> inputs = new ArrayList<>();
  private final List<OutputRecord> outputs = new ArrayList<>();
  private final Map<String, Object> metrics = new LinkedHashMap<>();
  private final Map<String, Long> timings = new LinkedHashMap<>();
  private final String attemptId;
  private volatile Runnable onOutput = () -> {};

  /** A recorder whose outputs name no committing attempt unless their writer did. */
  public RunRecorder() {
    this(null);
  }

  /**
   * A recorder for attempt {@code attemptId}: an output recorded without a committing attempt that
   * was not skipped was committed by this attempt.
   */
  public RunRecorder(String attemptId) {
    this.attemptId = attemptId;
  }

  /**
   * Calls {@code listener} after each recorded output (the runner saves the manifest so far, so an
   * attempt that is killed still tells the next one what it committed).
   */
  public void onOutput(Runnable listener) {
    this.onOutput = listener;
  }

  /** Records an input with the version or position that pins it. */
  public synchronized void input(InputRecord input) {
    inputs.add(input);
  }

  /** Records a committed (or idempotently skipped) output. */
  public void output(OutputRecord output) {
    OutputRecord record =
        output.committedBy() == null && !output.skipped() && attemptId != null
            ? output.withCommittedBy(attemptId)
            : output;
    synchronized (this) {
      outputs.add(record);
    }
    onOutput.run();
  }

  /** Records a named metric; a later value for the same name replaces the earlier one. */
  public synchronized void metric(String name, Object value) {
    metrics.put(name, value);
  }

  /** Runs {@code work}, recording its wall time under {@code stage}. */
  public <T> T timed(String stage, Supplier<T> work) {
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      synchronized (this) {
        timings.merge(stage, elapsedMs, Long::sum);
      }
    }
  }

  public synchronized List<InputRecord> inputs() {
    return List.copyOf(inputs);
  }

  public synchronized List<OutputRecord> outputs() {
    return List.copyOf(outputs);
  }

  public synchronized Map<String, Object> metrics() {
    return new LinkedHashMap<>(metrics);
  }

  public synchronized Map<String, Long> timings() {
    return new LinkedHashMap<>(timings);
  }
}
