package io.mljobs.quality.drift;

import java.util.List;

/**
 * A dataset's drift: its features and the dataset-level verdict, drift when the share of drifted
 * features (among those with a defined verdict) reaches {@code driftShareThreshold}.
 *
 * @param dataset the dataset's name
 * @param features each feature, judged
 * @param driftedShare drifted features / features with a defined verdict (0 when none)
 * @param driftShareThreshold the share from which the dataset drifts
 * @param verdict drift, ok, or undefined when no feature could be compared
 * @param sparkJobs Spark jobs the comparison took
 */
public record DatasetDrift(
    String dataset,
    List<FeatureDrift> features,
    double driftedShare,
    double driftShareThreshold,
    Verdict verdict,
    int sparkJobs) {
  public DatasetDrift {
    features = List.copyOf(features);
  }

  /** Features judged drift. */
  public List<String> drifted() {
    return features.stream()
        .filter(f -> f.verdict() == Verdict.DRIFT)
        .map(FeatureDrift::feature)
        .toList();
  }
}
