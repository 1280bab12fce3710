package io.mljobs.common.config;

/**
 * Invalid or missing configuration, detected before Spark starts. The message names the key and
 * says what to do; the CLI maps it to exit code 2.
 */
public final class ConfigError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String key;

  public ConfigError(String key, String message) {
    super(message);
    this.key = key;
  }

  public ConfigError(String key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /** The config key (full path) at fault, or the CLI option name. */
  public String key() {
    return key;
  }
}
