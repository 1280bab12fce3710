package io.mljobs.common.delta;

import io.mljobs.common.config.ConfigError;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Which version of a Delta table to read, as written in config or on the command line:
 *
 * <ul>
 *   <li>{@code run} — the version the current run id committed (falling back to the latest version
 *       committed for the run's logical date);
 *   <li>{@code latest};
 *   <li>{@code 12} — that version number;
 *   <li>{@code run:<run-id>} — the latest version committed by that run id;
 *   <li>{@code date:2026-11-07} — the latest version whose logical date is on or before that date;
 *   <li>{@code timestamp:2026-11-07T10:00:00Z} — the version current at that instant (Delta time
 *       travel by timestamp).
 * </ul>
 *
 * @param kind the kind of selector
 * @param value its argument (run id, date, instant or number), empty for {@code run}/{@code latest}
 */
public record VersionSelector(Kind kind, String value) {
  /** The kinds of selector. */
  public enum Kind {
    CURRENT_RUN,
    LATEST,
    NUMBER,
    RUN,
    DATE,
    TIMESTAMP
  }

  /** The default: the version this run made. */
  public static VersionSelector currentRun() {
    return new VersionSelector(Kind.CURRENT_RUN, "");
  }

  /** The latest version. */
  public static VersionSelector latest() {
    return new VersionSelector(Kind.LATEST, "");
  }

  /** Parses {@code text}; {@code key} names the config key (or option) for the error message. */
  public static VersionSelector parse(String text, String key) {
    String t = text.trim();
    String lower = t.toLowerCase(Locale.ROOT);
    try {
      if (lower.equals("run")) {
        return currentRun();
      }
      if (lower.equals("latest")) {
        return latest();
      }
      if (t.matches("[0-9]+")) {
        return new VersionSelector(Kind.NUMBER, Long.toString(Long.parseLong(t)));
      }
      if (lower.startsWith("run:") && t.length() > 4) {
        return new VersionSelector(Kind.RUN, t.substring(4));
      }
      if (lower.startsWith("date:")) {
        return new VersionSelector(Kind.DATE, LocalDate.parse(t.substring(5)).toString());
      }
      if (lower.startsWith("timestamp:")) {
        return new VersionSelector(Kind.TIMESTAMP, Instant.parse(t.substring(10)).toString());
      }
    } catch (DateTimeParseException | NumberFormatException e) {
      // fall through to the one message below
    }
    throw new ConfigError(
        key,
        "'"
            + key
            + "' must be run, latest, a version number, run:<run-id>, date:YYYY-MM-DD or"
            + " timestamp:<ISO instant such as 2026-11-07T10:00:00Z>, but is '"
            + text
            + "'.");
  }

  @Override
  public String toString() {
    return switch (kind) {
      case CURRENT_RUN -> "run";
      case LATEST -> "latest";
      case NUMBER -> value;
      default -> kind.name().toLowerCase(Locale.ROOT) + ":" + value;
    };
  }
}
