package io.mljobs.common.manifest;

import java.util.ArrayList;
import java.util.List;

/** Keeps manifests in memory; for unit tests of jobs and the runner. */
public final class InMemoryManifestStore implements ManifestStore {
  private final List<RunManifest> manifests = new ArrayList<>();

  @Override
  public synchronized String write(RunManifest manifest) {
    manifests.add(manifest);
    return "memory:" + manifest.runId() + "/" + manifest.attemptId();
  }

  @Override
  public synchronized List<RunManifest> findByRunId(String runId) {
    return manifests.stream().filter(m -> m.runId().equals(runId)).toList();
  }

  /** Every manifest written, in order. */
  public synchronized List<RunManifest> all() {
    return List.copyOf(manifests);
  }
}
