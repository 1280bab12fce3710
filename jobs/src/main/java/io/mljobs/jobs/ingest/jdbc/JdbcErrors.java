package io.mljobs.jobs.ingest.jdbc;

import io.mljobs.common.config.Redactor;
import io.mljobs.common.error.Failures;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.source.JdbcUrl;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Turns a database's refusal into one line that says what is wrong and what to do, by SQLSTATE (the
 * standard classes, plus PostgreSQL's codes where they are more precise). Every message is scrubbed
 * of secrets; none quotes the password or a URL with credentials.
 */
final class JdbcErrors {
  private JdbcErrors() {}

  /** A {@link JobFailure} for {@code error}, raised while talking to {@code spec}'s database. */
  static JobFailure failure(JdbcSourceSpec spec, SQLException error) {
    return new JobFailure(Redactor.scrub(message(spec, error)), error);
  }

  static String message(JdbcSourceSpec spec, SQLException error) {
    JdbcUrl url = spec.url();
    String at = url.product() + " at " + url.endpoint();
    String state = error.getSQLState() == null ? "" : error.getSQLState().toUpperCase(Locale.ROOT);
    String key = "mljobs.sources." + spec.name();
    String unreachable = unreachableReason(error, spec);
    if (unreachable != null) {
      String hint =
          url.isLocal() && url.subprotocol().equals("postgresql")
              ? "Start it (scripts/services/postgres start)"
              : "Check that it is running and reachable from here";
      return "Cannot reach " + at + " (" + unreachable + "). " + hint + " or fix " + key + ".url.";
    }
    switch (state) {
      case "28P01":
        return at
            + " refused the password for user '"
            + spec.user()
            + "' (source '"
            + spec.name()
            + "'). Check the password in "
            + spec.passwordSource()
            + (spec.passwordSource().startsWith("environment")
                ? " (or set " + key + ".password-file)"
                : "")
            + " and the user in "
            + key
            + ".user.";
      case "28000":
        return at
            + " rejected user '"
            + spec.user()
            + "' ("
            + firstLine(error)
            + "). Check "
            + key
            + ".user and the server's access rules.";
      case "3D000":
        return at + ": " + firstLine(error) + ". Create the database or fix " + key + ".url.";
      case "42P01", "42S02":
        return "Source '"
            + spec.name()
            + "': "
            + at
            + " has no "
            + spec.describeRelation()
            + " ("
            + firstLine(error)
            + "). Create it, or fix "
            + spec.relationKey()
            + ".";
      case "42501":
        return "User '"
            + spec.user()
            + "' may not read "
            + spec.describeRelation()
            + " on "
            + at
            + " ("
            + firstLine(error)
            + "). Grant it SELECT, or fix "
            + key
            + ".user.";
      case "42601", "42000":
        return "Source '"
            + spec.name()
            + "': "
            + at
            + " rejected the SQL ("
            + firstLine(error)
            + "). Fix "
            + spec.relationKey()
            + ".";
      default:
        return "Source '"
            + spec.name()
            + "': "
            + at
            + " failed ("
            + firstLine(error)
            + (state.isEmpty() ? "" : ", SQLSTATE " + state)
            + "). Check "
            + key
            + " and the database's log.";
    }
  }

  /** Why the server could not be reached, or null when it answered. */
  private static String unreachableReason(SQLException error, JdbcSourceSpec spec) {
    String network = Failures.networkReason(error, spec.connectTimeout());
    if (network != null) {
      return network;
    }
    String state = error.getSQLState();
    if (state != null && state.startsWith("08")) {
      String line = firstLine(error);
      return line.toLowerCase(Locale.ROOT).contains("timed out")
          ? "no answer within " + spec.connectTimeout().toSeconds() + "s"
          : line;
    }
    return null;
  }

  private static String firstLine(Throwable error) {
    String message = error.getMessage();
    if (message == null || message.isBlank()) {
      return error.getClass().getSimpleName();
    }
    String line = message.lines().findFirst().orElse(message).trim();
    // PostgreSQL prefixes server messages with their severity.
    for (String severity : new String[] {"FATAL: ", "ERROR: "}) {
      if (line.startsWith(severity)) {
        line = line.substring(severity.length());
      }
    }
    return Redactor.scrub(line);
  }
}
