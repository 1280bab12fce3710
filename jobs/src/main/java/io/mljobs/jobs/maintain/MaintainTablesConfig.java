package io.mljobs.jobs.maintain;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.delta.TablePolicies;
import io.mljobs.common.delta.TablePolicy;
import io.mljobs.common.table.TableRef;
import java.util.List;
import java.util.Map;

/**
 * Config of {@code maintain-tables} ({@code mljobs.jobs.maintain-tables}) plus the table policies
 * of {@code mljobs.delta}.
 *
 * <pre>{@code
 * mljobs.jobs.maintain-tables {
 *   tables = []          # default: every Delta table under the warehouse
 *   optimize = true      # OPTIMIZE (bin-packing compaction)
 *   vacuum = true        # VACUUM with each table's deleted-file-retention
 * }
 * }</pre>
 *
 * @param tables the tables to maintain, empty for every table found
 * @param optimize run OPTIMIZE
 * @param vacuum run VACUUM
 * @param policies the table policies
 */
public record MaintainTablesConfig(
    List<TableRef> tables, boolean optimize, boolean vacuum, TablePolicies policies) {

  public MaintainTablesConfig {
    tables = List.copyOf(tables);
  }

  static MaintainTablesConfig from(Settings mljobs, String jobName) {
    Settings own = mljobs.section("jobs").sectionOrEmpty(jobName);
    List<TableRef> tables =
        own.strings("tables", List.of()).stream()
            .map(t -> TableRef.parse(t, own.fullKey("tables")))
            .toList();
    TablePolicies policies = TablePolicies.from(mljobs);
    MaintainTablesConfig config =
        new MaintainTablesConfig(
            tables, own.bool("optimize", true), own.bool("vacuum", true), policies);
    if (config.vacuum()) {
      checkRetention("defaults", policies.defaults(), policies);
      for (Map.Entry<String, TablePolicy> e : policies.tables().entrySet()) {
        checkRetention("tables.\"" + e.getKey() + "\"", e.getValue(), policies);
      }
    }
    return config;
  }

  /** VACUUM below the safety minimum is refused unless explicitly allowed. */
  static void checkRetention(String where, TablePolicy policy, TablePolicies policies) {
    if (policy.deletedFileRetention().compareTo(policies.minRetention()) < 0
        && !policies.allowShortRetention()) {
      String key = "mljobs.delta." + where + ".deleted-file-retention";
      throw new ConfigError(
          key,
          "Refusing to VACUUM with '"
              + key
              + "' = "
              + policy.deletedFileRetention().toHours()
              + "h, below the safety minimum of "
              + policies.minRetention().toHours()
              + "h (readers, time travel and concurrent writers may still need the files). Raise"
              + " it, or set mljobs.delta.allow-short-retention = true if you are sure.");
    }
  }
}
