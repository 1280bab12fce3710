package io.mljobs.jobs.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * The local Snowflake-protocol server (fakesnow, scripts/services/snowflake), reached with the real
 * snowflake-jdbc driver, and a schema of its own per test.
 */
final class FakeSnowflake {
  static final String DATABASE = "MLJOBS";
  static final String PASSWORD = ServiceEnv.get("MLJOBS_SNOWFLAKE_PASSWORD", "snow");
  static final String USER = ServiceEnv.get("MLJOBS_SNOWFLAKE_USER", "fake");

  private final String schema;

  private FakeSnowflake(String schema) {
    this.schema = schema;
  }

  static String url() {
    return ServiceEnv.get(
        "MLJOBS_SNOWFLAKE_URL",
        "jdbc:snowflake://127.0.0.1:"
            + ServiceEnv.get("MLJOBS_SNOWFLAKE_PORT", "58765")
            + "/?ssl=off&account=fakesnow&db=MLJOBS&schema=PUBLIC");
  }

  static Connection connect() throws SQLException {
    Properties p = new Properties();
    p.put("user", USER);
    p.put("password", PASSWORD);
    p.put("loginTimeout", "10");
    p.put("maxHttpRetries", "1");
    p.put("CLIENT_TELEMETRY_ENABLED", "false");
    return DriverManager.getConnection(url(), p);
  }

  /** Fails with what to do when the server is not there. */
  static void requireRunning() {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "The Snowflake-protocol server at "
              + url()
              + " is not usable ("
              + e.getMessage()
              + "): run scripts/services/snowflake start (scripts/test.sh does).",
          e);
    }
  }

  /** A fresh schema for one test. */
  static FakeSnowflake newSchema(String prefix) throws SQLException {
    String schema =
        (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8))
            .toUpperCase();
    FakeSnowflake db = new FakeSnowflake(schema);
    db.execute("CREATE SCHEMA IF NOT EXISTS " + DATABASE + "." + schema);
    return db;
  }

  String schema() {
    return schema;
  }

  String table(String name) {
    return DATABASE + "." + schema + "." + name;
  }

  void execute(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Rows of a query as lists of strings (null stays null). */
  List<List<String>> rows(String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  long count(String table) throws SQLException {
    return Long.parseLong(rows("SELECT COUNT(*) FROM " + table(table)).get(0).get(0));
  }

  boolean exists(String table) throws SQLException {
    return !rows("SELECT TABLE_NAME FROM "
            + DATABASE
            + ".INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = '"
            + schema
            + "' AND TABLE_NAME = '"
            + table
            + "'")
        .isEmpty();
  }

  void drop() {
    try {
      execute("DROP SCHEMA IF EXISTS " + DATABASE + "." + schema + " CASCADE");
    } catch (SQLException e) {
      // best effort: the server's data is in memory and gone at its next start
    }
  }
}
