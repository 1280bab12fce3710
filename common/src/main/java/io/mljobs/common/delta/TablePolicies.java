package io.mljobs.common.delta;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.table.TableRef;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Table policies from {@code mljobs.delta}: defaults for every table, overrides per table, and the
 * safety minimum VACUUM respects.
 *
 * <pre>{@code
 * mljobs.delta {
 *   defaults { deleted-file-retention = 7d, log-retention = 30d, change-data-feed = false,
 *              schema-evolution = additive }          # additive | none
 *   tables { "silver.pos_transactions" { change-data-feed = true } }
 *   min-retention = 168h                               # VACUUM refuses less ...
 *   allow-short-retention = false                      # ... unless this is true
 * }
 * }</pre>
 *
 * @param defaults the policy of tables without an override
 * @param tables per-table policies
 * @param minRetention the shortest retention VACUUM accepts
 * @param allowShortRetention override of the minimum (never the default)
 */
public record TablePolicies(
    TablePolicy defaults,
    Map<String, TablePolicy> tables,
    Duration minRetention,
    boolean allowShortRetention) {

  /** Delta's own safety check (delta.retentionDurationCheck) uses the same 7 days. */
  public static final Duration SAFETY_MINIMUM = Duration.ofHours(168);

  public TablePolicies {
    tables = Map.copyOf(tables);
  }

  /** Defaults only. */
  public static TablePolicies defaultsOnly() {
    return new TablePolicies(TablePolicy.defaults(), Map.of(), SAFETY_MINIMUM, false);
  }

  /** The policy of {@code table}. */
  public TablePolicy of(TableRef table) {
    return tables.getOrDefault(table.toString(), defaults);
  }

  /** Reads {@code mljobs.delta} (absent: the defaults). */
  public static TablePolicies from(Settings mljobs) {
    Settings delta = mljobs.sectionOrEmpty("delta");
    TablePolicy defaults = read(delta.sectionOrEmpty("defaults"), TablePolicy.defaults());
    Map<String, TablePolicy> tables = new LinkedHashMap<>();
    delta
        .namedSections("tables")
        .forEach(
            (name, s) -> {
              TableRef ref = TableRef.parse(name, s.path());
              tables.put(ref.toString(), read(s, defaults));
            });
    Duration min = delta.duration("min-retention", SAFETY_MINIMUM);
    if (min.compareTo(SAFETY_MINIMUM) < 0) {
      throw new ConfigError(
          delta.fullKey("min-retention"),
          "Config key '"
              + delta.fullKey("min-retention")
              + "' may not be below "
              + SAFETY_MINIMUM.toHours()
              + "h (readers and concurrent writers may still need removed files). To vacuum"
              + " closer, set "
              + delta.fullKey("allow-short-retention")
              + " = true instead.");
    }
    return new TablePolicies(defaults, tables, min, delta.bool("allow-short-retention", false));
  }

  private static TablePolicy read(Settings s, TablePolicy base) {
    return new TablePolicy(
        s.duration("deleted-file-retention", base.deletedFileRetention()),
        s.duration("log-retention", base.logRetention()),
        s.bool("change-data-feed", base.changeDataFeed()),
        s.choice("schema-evolution", TablePolicy.SchemaEvolution.class, base.schemaEvolution()));
  }
}
