package io.mljobs.quality.drift;

import java.util.Locale;
import java.util.Optional;

/**
 * Rows and missing values (null, and NaN for numbers) of one feature on both sides, for the {@code
 * missing_share} statistic.
 *
 * @param referenceRows rows of the reference
 * @param referenceMissing of which missing
 * @param currentRows rows of the current data
 * @param currentMissing of which missing
 */
public record MissingShare(
    long referenceRows, long referenceMissing, long currentRows, long currentMissing) {
  /** Not counted (pure tests that pass distributions only). */
  public static final MissingShare UNKNOWN = new MissingShare(0, 0, 0, 0);

  /** |current share - reference share|, when both sides have rows. */
  public Optional<Double> change() {
    if (referenceRows == 0 || currentRows == 0) {
      return Optional.empty();
    }
    return Optional.of(
        Math.abs(share(currentMissing, currentRows) - share(referenceMissing, referenceRows)));
  }

  /** "reference 1.00% (10 of 1000 rows), current 40.00% (80 of 200 rows)". */
  public String detail() {
    return String.format(
        Locale.ROOT,
        "missing: reference %.2f%% (%d of %d rows), current %.2f%% (%d of %d rows)",
        100 * share(referenceMissing, referenceRows),
        referenceMissing,
        referenceRows,
        100 * share(currentMissing, currentRows),
        currentMissing,
        currentRows);
  }

  private static double share(long missing, long rows) {
    return rows == 0 ? 0 : (double) missing / rows;
  }
}
