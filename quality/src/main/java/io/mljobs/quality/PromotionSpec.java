package io.mljobs.quality;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a dataset's checked rows are promoted to silver: the guards that keep a promotion from
 * replacing good data with nothing, the primary key that keeps a re-delivered row from becoming a
 * duplicate, and whether an unchanged input is re-checked.
 *
 * <p>Each key is read from the dataset's section ({@code mljobs.datasets.<name>}) and defaults to
 * the same key under {@code mljobs.quality} ({@code reference.conf}):
 *
 * <pre>{@code
 * mljobs.datasets.pos_transactions {
 *   max-quarantine-fraction = 0.05     # over this share of rows to quarantine: exit 3, nothing promoted
 *   allow-empty-promotion = false      # never replace a silver partition that has rows with none
 *   primary-key = [transaction_id]     # unique across all of silver, not only the run date's rows
 *   on-duplicate-key = merge           # or quarantine: what a row whose key is already in silver does
 *   skip-unchanged = true              # inputs unchanged since the last promotion: skip the dataset
 * }
 * }</pre>
 *
 * @param maxQuarantineFraction the largest share of the checked rows that may go to quarantine
 *     (row-level checks and duplicate keys together); above it the gate fails with exit code 3 and
 *     nothing is promoted
 * @param allowEmptyPromotion true to let a promotion of zero rows replace a silver partition (or
 *     table) that has rows; false refuses it with exit code 3
 * @param primaryKey the key columns; empty when the dataset declares none
 * @param onDuplicateKey what a promoted row whose key is already in silver does (with a primary
 *     key)
 * @param skipUnchanged true to skip checking and promoting when the checked table (and every table
 *     a referential check reads) is at the version the last promotion read, under the same config
 */
public record PromotionSpec(
    double maxQuarantineFraction,
    boolean allowEmptyPromotion,
    List<String> primaryKey,
    OnDuplicateKey onDuplicateKey,
    boolean skipUnchanged) {

  /** What a promoted row whose primary key is already in silver does. */
  public enum OnDuplicateKey {
    /**
     * Silver is written with a Delta MERGE on the key: the new row replaces the one in silver (it
     * moves to this run's partition), new keys are inserted; nothing is deleted.
     */
    MERGE,
    /**
     * The row goes to quarantine ({@code rule = quality:primary-key(...)}) and counts toward {@code
     * max-quarantine-fraction}; the rest replaces the run date's partition as without a key.
     */
    QUARANTINE
  }

  /**
   * The keys whose defaults live under {@code mljobs.quality}; jobs that read that section without
   * the datasets declare them, so they are not reported as unknown.
   */
  public static final List<String> DEFAULT_KEYS =
      List.of(
          "max-quarantine-fraction", "allow-empty-promotion", "on-duplicate-key", "skip-unchanged");

  /** Built-in defaults, used when {@code mljobs.quality} does not set them either. */
  public static final PromotionSpec DEFAULTS =
      new PromotionSpec(0.05, false, List.of(), OnDuplicateKey.MERGE, true);

  public PromotionSpec {
    primaryKey = List.copyOf(primaryKey);
  }

  /** True when the dataset declares a primary key. */
  public boolean hasPrimaryKey() {
    return !primaryKey.isEmpty();
  }

  /** The defaults under {@code mljobs.quality} (over {@link #DEFAULTS}). */
  public static PromotionSpec defaults(Settings quality) {
    return new PromotionSpec(
        fraction(quality, DEFAULTS.maxQuarantineFraction),
        quality.bool("allow-empty-promotion", DEFAULTS.allowEmptyPromotion),
        List.of(),
        quality.choice("on-duplicate-key", OnDuplicateKey.class, DEFAULTS.onDuplicateKey),
        quality.bool("skip-unchanged", DEFAULTS.skipUnchanged));
  }

  /** One dataset's section, over {@code defaults}. */
  public static PromotionSpec from(Settings dataset, PromotionSpec defaults) {
    List<String> key = dataset.strings("primary-key", List.of());
    Set<String> seen = new HashSet<>();
    for (String column : key) {
      if (column.isBlank() || !seen.add(column)) {
        throw new ConfigError(
            dataset.fullKey("primary-key"),
            "Config key '"
                + dataset.fullKey("primary-key")
                + "' must list distinct, non-empty column names, e.g. primary-key ="
                + " [transaction_id], but is "
                + key
                + ".");
      }
    }
    if (key.isEmpty() && dataset.has("on-duplicate-key")) {
      throw new ConfigError(
          dataset.fullKey("on-duplicate-key"),
          "Config key '"
              + dataset.fullKey("on-duplicate-key")
              + "' needs a primary key: add primary-key = [<column>, ...] to the dataset, or"
              + " remove on-duplicate-key.");
    }
    return new PromotionSpec(
        fraction(dataset, defaults.maxQuarantineFraction),
        dataset.bool("allow-empty-promotion", defaults.allowEmptyPromotion),
        key,
        dataset.choice("on-duplicate-key", OnDuplicateKey.class, defaults.onDuplicateKey),
        dataset.bool("skip-unchanged", defaults.skipUnchanged));
  }

  private static double fraction(Settings s, double defaultValue) {
    String key = "max-quarantine-fraction";
    double value = s.number(key, defaultValue);
    if (!(value >= 0 && value <= 1)) {
      throw new ConfigError(
          s.fullKey(key),
          "Config key '"
              + s.fullKey(key)
              + "' is a share of the checked rows within [0, 1] (0.05 = 5%), but is "
              + value
              + ".");
    }
    return value;
  }
}
