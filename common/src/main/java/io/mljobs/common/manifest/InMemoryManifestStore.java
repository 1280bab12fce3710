package io.mljobs.common.manifest;

import java.util.ArrayList;
import java.util.List;

/** Keeps manifests in memory; for unit tests of jobs and the runner. */
public final class InMemoryManifestStore implements ManifestStore {
  private final List<RunManifest> manifests = new ArrayList<>();
  private final java.util.Map<String, RunManifest> running = new java.util.LinkedHashMap<>();

  @Override
  public synchronized String write(RunManifest manifest) {
    manifests.add(manifest);
    running.remove(manifest.attemptId());
    return "memory:" + manifest.runId() + "/" + manifest.attemptId();
  }

  @Override
  public synchronized List<RunManifest> findByRunId(String runId) {
    return manifests.stream().filter(m -> m.runId().equals(runId)).toList();
  }

  @Override
  public synchronized void saveProgress(RunManifest manifest) {
    running.put(manifest.attemptId(), manifest);
  }

  @Override
  public synchronized List<RunManifest> attemptsOf(String job, String runId) {
    List<RunManifest> all = new ArrayList<>(findByRunId(runId));
    all.addAll(running.values().stream().filter(m -> m.runId().equals(runId)).toList());
    return all.stream().filter(m -> m.job().equals(job)).toList();
  }

  /** Every manifest written, in order. */
  public synchronized List<RunManifest> all() {
    return List.copyOf(manifests);
  }
}
