package io.mljobs.common.manifest;

import java.util.List;

/** Where run manifests are kept. */
public interface ManifestStore {

  /** Stores one manifest and returns where its JSON document is (printed at the end of a run). */
  String write(RunManifest manifest);

  /** All stored manifests of a run id, oldest attempt first. */
  List<RunManifest> findByRunId(String runId);
}
