package io.mljobs.jobs.publish;

import io.mljobs.common.config.ConfigError;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A Snowflake identifier that is safe to put into SQL: it must follow Snowflake's rules for an
 * unquoted identifier (a letter or underscore, then letters, digits, underscores or dollar signs;
 * at most 255 characters). Anything else is rejected, never quoted or spliced. It is stored upper
 * case (what Snowflake makes of an unquoted name) and rendered double-quoted, so reserved words
 * such as {@code DATE} work as column names.
 *
 * @param name the identifier, upper case
 */
public record SnowflakeIdentifier(String name) {
  private static final Pattern UNQUOTED = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,254}");

  public SnowflakeIdentifier {
    if (!isValid(name)) {
      throw new IllegalArgumentException("not a Snowflake identifier: " + name);
    }
    name = name.toUpperCase(Locale.ROOT);
  }

  /** True when {@code text} is a valid unquoted Snowflake identifier. */
  public static boolean isValid(String text) {
    return text != null && UNQUOTED.matcher(text).matches();
  }

  /** Parses an identifier read from config key {@code key}, failing with a message naming it. */
  public static SnowflakeIdentifier parse(String text, String key) {
    if (!isValid(text)) {
      throw new ConfigError(key, invalid(text, "Config key '" + key + "'"));
    }
    return new SnowflakeIdentifier(text);
  }

  /** The message for an invalid identifier; {@code where} says where it came from. */
  static String invalid(String text, String where) {
    return where
        + " must be a Snowflake identifier (a letter or _, then letters, digits, _ or $; at most"
        + " 255 characters), but is '"
        + text
        + "'. mljobs never quotes or splices other text into SQL: rename it.";
  }

  /** The quoted form used in SQL. */
  public String sql() {
    return "\"" + name + "\"";
  }

  @Override
  public String toString() {
    return name;
  }
}
