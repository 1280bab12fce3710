package io.mljobs.jobs.features;

import io.mljobs.common.config.ConfigError;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sliding window of event time, written {@code 1h}, {@code 24h}, {@code 7d}, {@code 30d} (a whole
 * number and {@code s}, {@code m}, {@code h} or {@code d}). Evaluated at time {@code t} it holds
 * the events with {@code t - length < event time <= t} (current row included) or {@code t - length
 * < event time < t} (excluded), in whole seconds: the lower edge is exclusive, so an event exactly
 * one window old is out.
 *
 * @param text the window as written in config
 * @param seconds its length in seconds, at least 1
 */
public record FeatureWindow(String text, long seconds) {
  private static final Pattern FORMAT = Pattern.compile("([0-9]{1,9})\\s*([smhd])");

  /** Parses {@code text}, failing with a {@link ConfigError} naming {@code key}. */
  public static FeatureWindow parse(String text, String key) {
    Matcher m = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
    long amount = m.matches() ? Long.parseLong(m.group(1)) : 0;
    if (amount <= 0) {
      throw new ConfigError(
          key,
          "Config key '"
              + key
              + "' must be a window such as 1h, 24h, 7d or 30d (a whole number above 0 and s, m,"
              + " h or d), but is '"
              + text
              + "'.");
    }
    long unit =
        switch (m.group(2)) {
          case "s" -> 1;
          case "m" -> 60;
          case "h" -> 3_600;
          default -> 86_400;
        };
    return new FeatureWindow(text.trim(), amount * unit);
  }

  /** Whole days a window reaching back from a day's first second needs: its length, rounded up. */
  public long lookbackDays() {
    return (seconds + 86_399) / 86_400;
  }
}
