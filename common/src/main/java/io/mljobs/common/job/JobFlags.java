package io.mljobs.common.job;

import java.util.List;
import java.util.Objects;

/**
 * A job that offers some of its own config keys as command-line flags ({@code ingest-stream
 * --trigger continuous}). A flag is a shorthand for {@code --set mljobs.jobs.<job>.<key>=VALUE}: it
 * goes through the same config validation and is recorded in the manifest as that override.
 */
public interface JobFlags {

  /** The flags, in the order {@code --help} shows them. */
  List<Flag> flags();

  /**
   * One flag.
   *
   * @param name the option, e.g. {@code --trigger}
   * @param key the config key it sets, relative to {@code mljobs.jobs.<job>}
   * @param paramLabel the value's placeholder in {@code --help}
   * @param description the {@code --help} text
   */
  record Flag(String name, String key, String paramLabel, String description) {
    public Flag {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(key, "key");
      if (!name.startsWith("--")) {
        throw new IllegalArgumentException("a flag starts with --: " + name);
      }
    }
  }
}
