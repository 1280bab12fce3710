package io.mljobs.common.table;

import io.mljobs.common.config.ConfigError;
import java.util.regex.Pattern;

/**
 * A logical table name, {@code <layer>.<name>} (bronze.transactions, runs.manifests). Its storage
 * path comes from the {@link Warehouse}; jobs never build paths by hand.
 */
public record TableRef(String layer, String name) {
  private static final Pattern PART = Pattern.compile("[a-z][a-z0-9_]*");

  public TableRef {
    if (!PART.matcher(layer).matches() || !PART.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Table names are <layer>.<name> in lower case letters, digits and _: "
              + layer
              + "."
              + name);
    }
  }

  /** Parses {@code layer.name}; {@code key} names the config key for the error message. */
  public static TableRef parse(String qualified, String key) {
    String[] parts = qualified.trim().split("\\.");
    if (parts.length != 2
        || !PART.matcher(parts[0]).matches()
        || !PART.matcher(parts[1]).matches()) {
      throw new ConfigError(
          key,
          "Config key '"
              + key
              + "' must name a table as <layer>.<name> (e.g. bronze.transactions), but is '"
              + qualified
              + "'.");
    }
    return new TableRef(parts[0], parts[1]);
  }

  /** Parses a name known to be valid (from code). */
  public static TableRef of(String qualified) {
    return parse(qualified, "table");
  }

  @Override
  public String toString() {
    return layer + "." + name;
  }
}
