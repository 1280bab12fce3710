package io.mljobs.jobs.train;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The time-based split of a training set ({@code mljobs.models.<m>.split}): train on the earlier
 * dates, tune on a validation window after them, and compare every candidate on a final holdout
 * window at the end. Either window lengths counted back from the latest date of the time column
 * ({@code validation = 1d, holdout = 1d}) or explicit first dates ({@code validation-from =
 * "2026-11-04", holdout-from = "2026-11-05"}; the holdout then runs to the latest date).
 *
 * @param validationDays the validation window's length in days (when no explicit dates)
 * @param holdoutDays the holdout window's length in days (when no explicit dates)
 * @param validationFrom the validation window's first date, if explicit
 * @param holdoutFrom the holdout window's first date, if explicit
 */
public record SplitSpec(
    int validationDays,
    int holdoutDays,
    Optional<LocalDate> validationFrom,
    Optional<LocalDate> holdoutFrom) {

  static SplitSpec from(Settings s) {
    int validation = days(s, "validation", Duration.ofDays(1));
    int holdout = days(s, "holdout", Duration.ofDays(1));
    Optional<LocalDate> validationFrom = s.optionalDate("validation-from");
    Optional<LocalDate> holdoutFrom = s.optionalDate("holdout-from");
    if (validationFrom.isPresent() != holdoutFrom.isPresent()) {
      throw new ConfigError(
          s.fullKey("holdout-from"),
          "Config keys '"
              + s.fullKey("validation-from")
              + "' and '"
              + s.fullKey("holdout-from")
              + "' go together: set both, or neither (then validation and holdout count days back"
              + " from the latest date).");
    }
    if (holdoutFrom.isPresent() && !validationFrom.get().isBefore(holdoutFrom.get())) {
      throw new ConfigError(
          s.fullKey("validation-from"),
          "Config key '" + s.fullKey("validation-from") + "' must be before holdout-from.");
    }
    s.declare(List.of("validation", "holdout"));
    return new SplitSpec(validation, holdout, validationFrom, holdoutFrom);
  }

  private static int days(Settings s, String key, Duration fallback) {
    Duration d = s.duration(key, fallback);
    if (d.isNegative() || d.isZero() || d.toHours() % 24 != 0) {
      throw new ConfigError(
          s.fullKey(key),
          "Config key '" + s.fullKey(key) + "' must be a whole number of days (1d, 2d), not " + d);
    }
    return (int) d.toDays();
  }

  /**
   * The windows' first dates given the latest date in the data: {@code [validationStart,
   * holdoutStart)} validates, {@code [holdoutStart, latest]} is held out, the rest trains.
   */
  Windows windows(LocalDate latest) {
    if (holdoutFrom.isPresent()) {
      return new Windows(validationFrom.get(), holdoutFrom.get(), latest);
    }
    LocalDate holdoutStart = latest.minusDays(holdoutDays - 1L);
    return new Windows(holdoutStart.minusDays(validationDays), holdoutStart, latest);
  }

  /** The split's dates: train before validationStart; validation until holdoutStart. */
  public record Windows(LocalDate validationStart, LocalDate holdoutStart, LocalDate latest) {
    @Override
    public String toString() {
      return "train < "
          + validationStart
          + " <= validation < "
          + holdoutStart
          + " <= holdout <= "
          + latest;
    }
  }
}
