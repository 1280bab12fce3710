package io.mljobs.jobs.ingest.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.error.Failures;
import io.mljobs.common.error.JobFailure;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JdbcErrorsTest {
  private static final JdbcSourceSpec LOCAL = JdbcSpecs.customers();

  private static String message(JdbcSourceSpec spec, SQLException e) {
    JobFailure failure = JdbcErrors.failure(spec, e);
    assertSame(e, failure.getCause());
    assertFalse(failure.getMessage().contains(JdbcSpecs.PASSWORD), failure.getMessage());
    return failure.getMessage();
  }

  @Test
  void refusedConnectionSaysHowToStartTheLocalServer() {
    SQLException refused =
        new SQLException(
            "Connection to 127.0.0.1:55432 refused. Check that the hostname and port are correct",
            "08001",
            new ConnectException("Connection refused"));
    assertEquals(
        "Cannot reach PostgreSQL at 127.0.0.1:55432 (connection refused). Start it"
            + " (scripts/services/postgres start) or fix mljobs.sources.customers.url.",
        message(LOCAL, refused));

    JdbcSourceSpec remote =
        JdbcSpecs.customers(
            "jdbc:postgresql://db.internal/app", Optional.of("t"), Optional.empty());
    assertEquals(
        "Cannot reach PostgreSQL at db.internal:5432 (unknown host). Check that it is running and"
            + " reachable from here or fix mljobs.sources.customers.url.",
        message(remote, new SQLException("x", "08001", new UnknownHostException("db.internal"))));
    assertTrue(
        message(LOCAL, new SQLException("connect", "08001", new SocketTimeoutException()))
            .contains("(no answer within 10s)"));
    assertTrue(
        message(LOCAL, new SQLException("Connection attempt timed out.", "08001"))
            .contains("(no answer within 10s)"));
  }

  @Test
  void wrongPasswordNamesTheUserAndWhereThePasswordComesFrom() {
    SQLException refused =
        new SQLException("FATAL: password authentication failed for user \"mljobs\"", "28P01");
    assertEquals(
        "PostgreSQL at 127.0.0.1:55432 refused the password for user 'mljobs' (source"
            + " 'customers'). Check the password in environment variable MLJOBS_PG_PASSWORD (or"
            + " set mljobs.sources.customers.password-file) and the user in"
            + " mljobs.sources.customers.user.",
        message(LOCAL, refused));
  }

  @Test
  void missingRelationNamesTheKeyToFix() {
    SQLException missing =
        new SQLException(
            "ERROR: relation \"public.customers\" does not exist\n  Position: 15", "42P01");
    assertEquals(
        "Source 'customers': PostgreSQL at 127.0.0.1:55432 has no table public.customers"
            + " (relation \"public.customers\" does not exist). Create it, or fix"
            + " mljobs.sources.customers.table.",
        message(LOCAL, missing));
  }

  @Test
  void otherErrorsKeepTheirStateAndAreScrubbed() {
    SQLException odd =
        new SQLException("ERROR: something with " + JdbcSpecs.PASSWORD + " inside", "XX000");
    String text = message(LOCAL, odd);
    assertTrue(text.startsWith("Source 'customers': PostgreSQL at 127.0.0.1:55432 failed"), text);
    assertTrue(text.contains("SQLSTATE XX000"), text);
    assertTrue(text.contains("something with ****** inside"), text);
  }

  @Test
  void theSqlCauseIsFoundInsideSparksWrapping() {
    SQLException sql = new SQLException("boom", "08006");
    RuntimeException wrapped = new RuntimeException("job aborted", new IllegalStateException(sql));
    assertSame(sql, Failures.innermost(wrapped, SQLException.class));
    assertEquals(null, Failures.innermost(new RuntimeException("no sql"), SQLException.class));
  }
}
