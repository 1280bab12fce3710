package io.mljobs.common.delta;

import io.mljobs.common.manifest.InputRecord;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The table versions one run has resolved, and the inputs it has recorded: shared by every {@link
 * DeltaInput} of a run, so that a table read twice (a check and its referential lookup, the two
 * sides of a drift comparison) is resolved once and read at the same version, and recorded in the
 * manifest once. A commit by the run itself forgets the table's pins (the next read sees the new
 * version).
 */
public final class SnapshotPins {
  private final Map<String, Long> versions = new ConcurrentHashMap<>();
  private final Set<InputRecord> recorded = ConcurrentHashMap.newKeySet();
  private final Consumer<InputRecord> sink;

  /** Pins whose recorded inputs go to {@code sink} (the run's manifest). */
  public SnapshotPins(Consumer<InputRecord> sink) {
    this.sink = sink;
  }

  /** Pins that record nowhere (a read outside a run, a benchmark). */
  public static SnapshotPins unrecorded() {
    return new SnapshotPins(r -> {});
  }

  /** The version {@code selector} names for {@code path}, resolved by {@code resolve} once. */
  long version(String path, VersionSelector selector, Supplier<Long> resolve) {
    return versions.computeIfAbsent(path + "\u0000" + selector, k -> resolve.get());
  }

  /** Records {@code input} unless an equal record was already made in this run. */
  void record(InputRecord input) {
    if (recorded.add(input)) {
      sink.accept(input);
    }
  }

  /** Forgets the versions resolved for {@code path} (the run has just committed to it). */
  public void forget(String path) {
    versions.keySet().removeIf(k -> k.startsWith(path + "\u0000"));
  }
}
