package io.mljobs.common.job;

import io.mljobs.common.config.Settings;
import io.mljobs.common.delta.TablePolicies;
import io.mljobs.common.gpu.GpuProfile;
import io.mljobs.common.spark.SparkSettings;
import io.mljobs.common.table.TableRef;
import io.mljobs.common.table.Warehouse;
import java.util.Collection;
import java.util.Set;

/**
 * The settings every job shares, from the top of the {@code mljobs} section.
 *
 * @param pipeline the pipeline's name (for manifests and job groups)
 * @param warehouse where tables and manifests live
 * @param spark the session profile
 * @param runsTable the Delta table that gets one row per run
 * @param manifestDir the folder under the warehouse for manifest JSON files
 * @param tables Delta table policies ({@code mljobs.delta}: retention, change data feed, schema
 *     evolution)
 */
public record RuntimeSettings(
    String pipeline,
    Warehouse warehouse,
    SparkSettings spark,
    TableRef runsTable,
    String manifestDir,
    TablePolicies tables) {

  /**
   * Reads the shared keys and checks that every other top-level key is a known section ({@code
   * otherSections}: those reference.conf declares), so a misspelled section fails fast.
   */
  public static RuntimeSettings from(Settings mljobs, Collection<String> otherSections) {
    Settings runs = mljobs.section("runs");
    RuntimeSettings settings =
        new RuntimeSettings(
            mljobs.string("pipeline", "default"),
            new Warehouse(mljobs.string("warehouse")),
            GpuProfile.sparkSettings(mljobs, SparkSettings.from(mljobs.section("spark"))),
            TableRef.parse(runs.string("table"), runs.fullKey("table")),
            runs.string("manifest-dir"),
            TablePolicies.from(mljobs));
    mljobs.declare(otherSections);
    return settings;
  }

  /** The top-level keys this record reads. */
  public static Set<String> ownKeys() {
    return Set.of("pipeline", "warehouse", "spark", "runs", "delta");
  }
}
