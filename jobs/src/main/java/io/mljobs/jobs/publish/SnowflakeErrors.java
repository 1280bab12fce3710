package io.mljobs.jobs.publish;

import io.mljobs.common.config.Redactor;
import io.mljobs.common.error.Failures;
import io.mljobs.common.error.JobFailure;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Turns Snowflake's refusals into one line that says what is wrong and what to do. Every message is
 * scrubbed of secrets and names where the credential comes from, never its value.
 */
final class SnowflakeErrors {
  /** Snowflake's error code for a wrong user name or password. */
  static final int BAD_CREDENTIALS = 390100;

  /** JWT (key-pair) token refused. */
  static final int BAD_JWT = 390144;

  private static final String KEY = "mljobs.jobs.publish-snowflake.connection";

  private SnowflakeErrors() {}

  /** A {@link JobFailure} for {@code error}, raised while {@code doing} (e.g. "logging in"). */
  static JobFailure failure(SnowflakeConnectionSpec spec, String doing, SQLException error) {
    return new JobFailure(Redactor.scrub(message(spec, doing, error)), error);
  }

  static String message(SnowflakeConnectionSpec spec, String doing, SQLException error) {
    String at = "Snowflake at " + spec.url().endpoint();
    String unreachable = unreachableReason(error, spec);
    if (unreachable != null) {
      String hint =
          spec.url().isLocal()
              ? "Start it (scripts/services/snowflake start)"
              : "Check the account URL and that this machine can reach it";
      return "Cannot reach " + at + " (" + unreachable + "). " + hint + " or fix " + KEY + ".url.";
    }
    int code = error.getErrorCode();
    String line = firstLine(error);
    String lower = line.toLowerCase(Locale.ROOT);
    if (code == BAD_CREDENTIALS
        || code == BAD_JWT
        || lower.contains("incorrect username or password")
        || lower.contains("jwt token is invalid")) {
      return at
          + " refused the credentials of user '"
          + spec.user()
          + "'. Check the credential in "
          + spec.credentialSource()
          + " and the user in "
          + KEY
          + ".user.";
    }
    if (lower.contains("does not exist") || lower.contains("not authorized")) {
      return at
          + " ("
          + doing
          + "): "
          + line
          + ". Create it (or grant the role access), or fix "
          + KEY
          + ".database / .schema or the publication's target.";
    }
    return at
        + " failed while "
        + doing
        + " ("
        + line
        + (error.getSQLState() == null ? "" : ", SQLSTATE " + error.getSQLState())
        + "). Check "
        + KEY
        + " and Snowflake's query history.";
  }

  private static String unreachableReason(SQLException error, SnowflakeConnectionSpec spec) {
    String network = Failures.networkReason(error, spec.connectTimeout());
    if (network != null) {
      return network;
    }
    String text = String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT);
    if (text.contains("connection refused")) {
      return "connection refused";
    }
    if (text.contains("timed out") || text.contains("timeout")) {
      return "no answer within " + spec.connectTimeout().toSeconds() + "s";
    }
    return null;
  }

  private static String firstLine(Throwable error) {
    String message = error.getMessage();
    if (message == null || message.isBlank()) {
      return error.getClass().getSimpleName();
    }
    return Redactor.scrub(message.lines().findFirst().orElse(message).trim());
  }
}
