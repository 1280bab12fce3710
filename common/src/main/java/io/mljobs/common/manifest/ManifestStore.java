package io.mljobs.common.manifest;

import java.util.List;

/** Where run manifests are kept. */
public interface ManifestStore {

  /** Stores one manifest and returns where its JSON document is (printed at the end of a run). */
  String write(RunManifest manifest);

  /** All stored manifests of a run id, oldest attempt first. */
  List<RunManifest> findByRunId(String runId);

  /**
   * Saves the manifest of an attempt that is still running (status {@link RunManifest#RUNNING}),
   * replacing its earlier save; {@link #write} replaces it at the end. A killed attempt leaves its
   * last save, which tells later attempts what it committed.
   */
  default void saveProgress(RunManifest running) {}

  /** Every attempt of {@code job} under {@code runId}, finished or left running, any order. */
  default List<RunManifest> attemptsOf(String job, String runId) {
    return findByRunId(runId).stream().filter(m -> m.job().equals(job)).toList();
  }
}
