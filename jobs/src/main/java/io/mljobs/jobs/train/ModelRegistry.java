package io.mljobs.jobs.train;

import io.mljobs.common.delta.ConcurrentWriteFailure;
import io.mljobs.common.delta.DeltaInput;
import io.mljobs.common.delta.DeltaOutput;
import io.mljobs.common.delta.DeltaWriteResult;
import io.mljobs.common.error.JobFailure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code models.registry} as read at one Delta version, and the one way to change it: {@link
 * #commit} writes a set of changed entries (a new version, moved aliases) as one MERGE on (name,
 * version), and only if no other registry change landed since this snapshot was read. Every change
 * carries Delta's transaction id {@code (mljobs/models.registry, snapshot version + 1)}: of two
 * runs that read the same snapshot, the second to commit is either refused by Delta's conflict
 * check or finds the id already used and writes nothing; either way it is told with a {@link
 * JobFailure} and the registry keeps the winner's change only.
 *
 * @param table the registry's logical name
 * @param path its storage path
 * @param snapshotVersion the Delta version read (-1: the table does not exist yet)
 * @param entries every entry at that version
 */
record ModelRegistry(String table, String path, long snapshotVersion, List<RegistryEntry> entries) {
  static final String TXN_APP_ID = "mljobs/models.registry";

  ModelRegistry {
    entries = List.copyOf(entries);
  }

  /** The registry at its latest version (empty when the table does not exist yet). */
  static ModelRegistry read(SparkSession spark, String table, String path) {
    // Unpinned (a fresh reader each time): the registry's snapshot version guards its commits, so
    // it must be the newest, not the one this run saw first. Not a manifest input.
    DeltaInput input = DeltaInput.of(spark, path, table).latest();
    if (!input.exists()) {
      return new ModelRegistry(table, path, -1, List.of());
    }
    long version = input.version();
    List<RegistryEntry> entries = new ArrayList<>();
    for (Row r : input.scan().collectAsList()) {
      entries.add(RegistryEntry.fromRow(r));
    }
    return new ModelRegistry(table, path, version, entries);
  }

  /** The model's entries, newest version first. */
  List<RegistryEntry> of(String model) {
    return entries.stream()
        .filter(e -> e.name().equals(model))
        .sorted(Comparator.comparingLong(RegistryEntry::version).reversed())
        .toList();
  }

  Optional<RegistryEntry> champion(String model) {
    return of(model).stream().filter(e -> e.alias().equals(RegistryEntry.CHAMPION)).findFirst();
  }

  Optional<RegistryEntry> version(String model, long version) {
    return of(model).stream().filter(e -> e.version() == version).findFirst();
  }

  /** The next version number of {@code model}. */
  long nextVersion(String model) {
    return of(model).stream().mapToLong(RegistryEntry::version).max().orElse(0) + 1;
  }

  /** Fails (nothing written) when an entry's artifact is gone, naming the entry and the path. */
  static void requireArtifact(SparkSession spark, RegistryEntry entry) {
    if (!entry.artifactExists(spark)) {
      throw new JobFailure(
          "Registry entry "
              + entry.name()
              + " v"
              + entry.version()
              + " ("
              + entry.alias()
              + ") points at artifact "
              + entry.artifactPath()
              + ", which does not exist (deleted?). The registry was left unchanged. Restore the"
              + " artifact, or move the alias to another version with promote-model.");
    }
  }

  /**
   * Writes {@code changed} (new or updated entries) through {@code output}, provided the registry
   * is still at {@link #snapshotVersion}'s registry change; otherwise fails, writing nothing.
   */
  DeltaWriteResult commit(SparkSession spark, DeltaOutput output, List<RegistryEntry> changed) {
    List<Row> rows = changed.stream().map(RegistryEntry::toRow).toList();
    DeltaWriteResult result;
    try {
      result =
          output
              .mergeOn("name", "version")
              .idempotent(TXN_APP_ID, snapshotVersion + 1)
              .conflictTries(1)
              .execute(spark.createDataFrame(rows, RegistryEntry.SCHEMA));
    } catch (ConcurrentWriteFailure e) {
      throw concurrent(e.getMessage(), e);
    }
    if (result.skipped()) {
      throw concurrent(
          "its change "
              + (snapshotVersion + 1)
              + " was already committed by "
              + result.committedBy(),
          null);
    }
    return result;
  }

  private JobFailure concurrent(String detail, Throwable cause) {
    return new JobFailure(
        "Another run changed "
            + table
            + " while this run was registering or promoting (read at version "
            + snapshotVersion
            + "; "
            + detail
            + "). This run's change was not applied; the other run's stands. Re-run to compare"
            + " against the registry as it is now.",
        cause);
  }
}
