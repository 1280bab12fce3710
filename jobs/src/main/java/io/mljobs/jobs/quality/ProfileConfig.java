package io.mljobs.jobs.quality;

import io.mljobs.common.config.Settings;
import io.mljobs.quality.DatasetProfiler;
import io.mljobs.quality.DatasetSpec;
import io.mljobs.quality.QualitySettings;
import java.util.List;

/**
 * Config of {@code profile}: which datasets to profile ({@code mljobs.jobs.profile.datasets},
 * default every dataset under {@code mljobs.datasets}), the histogram threshold ({@code
 * low-cardinality-threshold}, Deequ's default 120 distinct values), the sample size ({@code
 * sample-rows}, default 100,000; 0 profiles every row) and {@code mljobs.quality} ({@code
 * profiles-table}).
 *
 * @param datasets the datasets to profile
 * @param lowCardinalityThreshold columns with at most this many distinct values get a histogram
 * @param sampleRows a larger partition is profiled from a sample of about this many rows; 0: never
 * @param quality where profiles go
 * @param dates which date partitions to profile, each on its own (see {@link DateSelection})
 */
public record ProfileConfig(
    List<DatasetSpec> datasets,
    int lowCardinalityThreshold,
    long sampleRows,
    QualitySettings quality,
    DateSelection dates) {
  public ProfileConfig {
    datasets = List.copyOf(datasets);
  }

  static ProfileConfig from(Settings mljobs, String jobName) {
    Settings own = mljobs.section("jobs").sectionOrEmpty(jobName);
    List<DatasetSpec> datasets = CheckQualityConfig.select(mljobs, own, jobName);
    int threshold =
        own.integer(
            "low-cardinality-threshold", DatasetProfiler.DEFAULT_LOW_CARDINALITY_THRESHOLD, 0);
    // 0 profiles every row.
    long sampleRows = own.longValue("sample-rows", DatasetProfiler.DEFAULT_SAMPLE_ROWS, 0);
    return new ProfileConfig(
        datasets, threshold, sampleRows, QualitySettings.from(mljobs), DateSelection.from(own));
  }
}
