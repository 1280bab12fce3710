package io.mljobs.jobs.drift;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Where a dataset's reference rows come from ({@code mljobs.jobs.detect-drift.datasets.<name>
 * .reference}):
 *
 * <ul>
 *   <li>{@code { type = date-range, from = 2026-11-01, to = 2026-11-03 }}: those partitions
 *       (inclusive) of the dataset's table, at its latest version;
 *   <li>{@code { type = previous-periods, periods = 7, period = 1d }}: the partitions from {@code
 *       run date - periods × period} up to the day before the run date;
 *   <li>{@code { type = table-version, version = 12 }}: the whole table as of that Delta version
 *       (time travel), e.g. the snapshot a model was trained on.
 * </ul>
 */
sealed interface DriftReference {
  record DateRange(LocalDate from, LocalDate to) implements DriftReference {}

  record PreviousPeriods(int periods, Duration period) implements DriftReference {
    LocalDate from(LocalDate runDate) {
      return runDate.minusDays(periods * Math.max(1, period.toDays()));
    }
  }

  record TableVersion(long version) implements DriftReference {}

  static DriftReference from(Settings s, boolean partitioned) {
    String type = s.string("type").trim().toLowerCase(Locale.ROOT);
    DriftReference reference =
        switch (type) {
          case "date-range" -> {
            LocalDate from = s.optionalDate("from").orElseThrow(() -> missing(s, "from"));
            LocalDate to = s.optionalDate("to").orElseThrow(() -> missing(s, "to"));
            if (to.isBefore(from)) {
              throw new ConfigError(
                  s.fullKey("to"),
                  "Config key '"
                      + s.fullKey("to")
                      + "' ("
                      + to
                      + ") is before 'from' ("
                      + from
                      + ").");
            }
            yield new DateRange(from, to);
          }
          case "previous-periods" -> {
            Duration period = s.duration("period", Duration.ofDays(1));
            if (period.toDays() < 1) {
              throw new ConfigError(
                  s.fullKey("period"),
                  "Config key '"
                      + s.fullKey("period")
                      + "' must be whole days (1d, 7d), but is "
                      + period
                      + ".");
            }
            yield new PreviousPeriods(s.integer("periods", 7, 1), period);
          }
          case "table-version" -> new TableVersion(s.longValue("version", -1));
          default ->
              throw new ConfigError(
                  s.fullKey("type"),
                  "Config key '"
                      + s.fullKey("type")
                      + "' must be one of [date-range, previous-periods, table-version], but is '"
                      + type
                      + "'.");
        };
    if (reference instanceof TableVersion v && v.version() < 0) {
      throw missing(s, "version");
    }
    if (!(reference instanceof TableVersion) && !partitioned) {
      throw new ConfigError(
          s.fullKey("type"),
          "Reference type '"
              + type
              + "' ("
              + s.fullKey("type")
              + ") selects partitions by date: set the dataset's"
              + " date-column, or use type = table-version.");
    }
    return reference;
  }

  private static ConfigError missing(Settings s, String key) {
    return new ConfigError(
        s.fullKey(key),
        "Missing config key '"
            + s.fullKey(key)
            + "' for reference type '"
            + s.string("type")
            + "'.");
  }
}
