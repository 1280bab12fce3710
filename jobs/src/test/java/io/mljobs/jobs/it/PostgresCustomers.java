package io.mljobs.jobs.it;

import io.mljobs.jobs.demo.Customer;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;

/**
 * The demo's customers in the test PostgreSQL (scripts/services/postgres): creates {@code
 * <schema>.customers}, loads the generator's {@code raw/customers/customers.csv} with COPY, and
 * applies a {@code customers_updates_<date>.csv} as an upsert, the way the source system would
 * change rows. Each user takes its own schema, so concurrent test runs do not collide; {@link
 * #close} drops it.
 */
final class PostgresCustomers implements AutoCloseable {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final String COLUMNS = String.join(", ", Customer.COLUMNS);

  private final Connection connection;
  private final String schema;

  private PostgresCustomers(Connection connection, String schema) {
    this.connection = connection;
    this.schema = schema;
  }

  static String url() {
    return ServiceEnv.get(
        "MLJOBS_PG_URL",
        "jdbc:postgresql://127.0.0.1:"
            + ServiceEnv.get("MLJOBS_PG_PORT", "55432")
            + "/"
            + ServiceEnv.get("MLJOBS_PG_DB", "mljobs"));
  }

  static String user() {
    return ServiceEnv.get("MLJOBS_PG_USER", "mljobs");
  }

  static String password() {
    return ServiceEnv.get("MLJOBS_PG_PASSWORD", "mljobs-local");
  }

  /** A plain connection to the test database, with the service's credentials. */
  static Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user());
    properties.setProperty("password", password());
    properties.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(url(), properties);
  }

  /**
   * Creates schema {@code schema} (lower-case letters, digits, _) with an empty customers table.
   */
  static PostgresCustomers create(String schema) throws SQLException {
    if (!IDENTIFIER.matcher(schema).matches()) {
      throw new IllegalArgumentException("not a plain schema name: " + schema);
    }
    Connection connection = connect();
    PostgresCustomers customers = new PostgresCustomers(connection, schema);
    customers.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    customers.execute("CREATE SCHEMA " + schema);
    customers.execute(
        "CREATE TABLE "
            + customers.table()
            + " (customer_id text PRIMARY KEY, name text, email text, birth_year int,"
            + " country text, segment text, credit_limit numeric(12,2), created_at timestamptz,"
            + " updated_at timestamptz NOT NULL)");
    customers.execute(
        "CREATE INDEX ON " + customers.table() + " (updated_at)"); // the watermark's range scans
    return customers;
  }

  /** {@code <schema>.customers}. */
  String table() {
    return schema + ".customers";
  }

  String schema() {
    return schema;
  }

  /** COPYs a customers CSV (with header) into the table; returns the rows loaded. */
  long copy(Path csv) throws SQLException, IOException {
    return copyInto(table(), csv);
  }

  /**
   * Applies a customers CSV as the source system would: rows of known customers replace them,
   * others are inserted. Returns the rows upserted.
   */
  long upsert(Path csv) throws SQLException, IOException {
    String stage = schema + ".customers_stage";
    execute("DROP TABLE IF EXISTS " + stage);
    execute("CREATE TABLE " + stage + " (LIKE " + table() + ")");
    long rows = copyInto(stage, csv);
    String updates =
        Customer.COLUMNS.stream()
            .filter(c -> !c.equals("customer_id"))
            .map(c -> c + " = EXCLUDED." + c)
            .collect(Collectors.joining(", "));
    execute(
        "INSERT INTO "
            + table()
            + " ("
            + COLUMNS
            + ") SELECT "
            + COLUMNS
            + " FROM "
            + stage
            + " ON CONFLICT (customer_id) DO UPDATE SET "
            + updates);
    execute("DROP TABLE " + stage);
    return rows;
  }

  /** Runs one statement; returns the rows it changed. */
  int execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      return statement.executeUpdate(sql);
    }
  }

  /** The single value of a one-row, one-column query. */
  Object value(String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getObject(1);
    }
  }

  long count(String where) throws SQLException {
    return ((Number) value("SELECT COUNT(*) FROM " + table() + " WHERE " + where)).longValue();
  }

  private long copyInto(String target, Path csv) throws SQLException, IOException {
    try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      return connection
          .unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(
              "COPY " + target + " (" + COLUMNS + ") FROM STDIN WITH (FORMAT csv, HEADER true)",
              reader);
    }
  }

  /** Drops the schema and everything in it. */
  @Override
  public void close() throws SQLException {
    try {
      execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } finally {
      connection.close();
    }
  }
}
