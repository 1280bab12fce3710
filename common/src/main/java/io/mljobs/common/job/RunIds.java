package io.mljobs.common.job;

import io.mljobs.common.config.ConfigError;
import java.util.regex.Pattern;

/**
 * The rule for run ids. A run id becomes part of paths (manifests, reports), Delta commit metadata
 * and idempotency keys, so it is a single path segment of safe characters: letters, digits, {@code
 * .}, {@code _} and {@code -}, starting with a letter or digit (so never {@code ..} or a hidden
 * name), at most {@value #MAX_LENGTH} characters. It is checked before Spark starts.
 */
public final class RunIds {
  /** The longest run id accepted (file systems allow 255 bytes per path segment). */
  public static final int MAX_LENGTH = 128;

  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private RunIds() {}

  /**
   * Returns {@code runId} when it follows the rule.
   *
   * @throws ConfigError naming {@code --run-id} and saying what is wrong, otherwise
   */
  public static String check(String runId) {
    if (runId == null || runId.isEmpty()) {
      throw new ConfigError(
          "--run-id", "Option --run-id is empty: give an id such as daily_2026-11-26.");
    }
    if (runId.length() > MAX_LENGTH) {
      throw new ConfigError(
          "--run-id",
          "Option --run-id is "
              + runId.length()
              + " characters long; the limit is "
              + MAX_LENGTH
              + ". Use a shorter id (it names folders of the manifests).");
    }
    if (!ALLOWED.matcher(runId).matches()) {
      throw new ConfigError(
          "--run-id",
          "Option --run-id '"
              + runId.replaceAll("\\p{Cntrl}", "?")
              + "' may hold only letters, digits, '.', '_' and '-', starting with a letter or"
              + " digit (it names a folder of the manifests, so no '/', '..' or ':'). For an"
              + " Airflow run id, replace the other characters, e.g. with '-'.");
    }
    return runId;
  }
}
