package io.mljobs.jobs.ingest.jdbc;

import io.mljobs.common.error.JobFailure;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.jdbc.JdbcDialects;

/**
 * The edge to one JDBC source: connects (with a bounded login), sizes the slice a run reads with
 * one aggregate query, and builds Spark's partitioned read of it. Every database error leaves as a
 * {@link JobFailure} from {@link JdbcErrors}; the password goes to the driver and nowhere else.
 */
final class JdbcSource {
  private final JdbcSourceSpec spec;
  private final Driver driver;
  private final UnaryOperator<String> quote;

  JdbcSource(JdbcSourceSpec spec) {
    this.spec = spec;
    this.driver = findDriver(spec);
    this.quote = JdbcDialects.get(spec.url().url())::quoteIdentifier;
  }

  JdbcSourceSpec spec() {
    return spec;
  }

  /**
   * Opens and closes one connection: proves the database is reachable and takes the credentials,
   * within the connect timeout, before any Spark work.
   */
  void check() {
    try (Connection ignored = connect()) {
      // connected and logged in
    } catch (SQLException e) {
      throw JdbcErrors.failure(spec, e);
    }
  }

  /**
   * Sizes what this run reads: checks that the relation has every declared column, then counts the
   * rows at or after {@code from} (every row when null) and takes the highest watermark and the
   * partition column's bounds among them, in one statement (one snapshot).
   */
  Slice survey(Object from) {
    try (Connection connection = connect()) {
      DatabaseMetaData database = connection.getMetaData();
      String base =
          JdbcSql.base(
              spec,
              quote,
              JdbcIdentifiers.folding(
                  database.storesUpperCaseIdentifiers(), database.storesLowerCaseIdentifiers()));
      List<String> actual = new ArrayList<>();
      try (Statement statement = connection.createStatement();
          ResultSet probe = statement.executeQuery(JdbcSql.probe(base))) {
        ResultSetMetaData meta = probe.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          actual.add(meta.getColumnLabel(i));
        }
      }
      List<String> declared = spec.schema().columnNames();
      Map<String, String> matched = JdbcSql.match(declared, actual);
      List<String> missing = JdbcSql.missing(declared, matched);
      if (!missing.isEmpty()) {
        throw new JobFailure(
            "Source '"
                + spec.name()
                + "': the "
                + spec.describeRelation()
                + " has no column(s) "
                + missing
                + " that schema '"
                + spec.schema().name()
                + "' declares (it has "
                + actual
                + "). Add them to the source, or fix "
                + spec.relationKey()
                + " or mljobs.schemas."
                + spec.schema().name()
                + ".");
      }
      String relation = JdbcSql.projection(base, matched, quote);
      Optional<String> watermark = spec.watermarkColumn();
      String sql = JdbcSql.stats(relation, watermark, spec.partitionColumn(), from != null, quote);
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        if (from != null) {
          statement.setObject(1, from);
        }
        try (ResultSet stats = statement.executeQuery()) {
          stats.next();
          int column = 1;
          long rows = stats.getLong(column++);
          Object maxWatermark = null;
          if (watermark.isPresent()) {
            maxWatermark = JdbcSql.normalize(stats.getObject(column++));
          }
          Object low = null;
          Object high = null;
          if (spec.partitionColumn().isPresent()) {
            low = JdbcSql.normalize(stats.getObject(column++));
            high = JdbcSql.normalize(stats.getObject(column));
          }
          return new Slice(relation, from, rows, maxWatermark, low, high);
        }
      }
    } catch (SQLException e) {
      throw JdbcErrors.failure(spec, e);
    }
  }

  /**
   * Spark's read of {@code slice}: split on the partition column between the surveyed bounds when
   * one is configured (Spark keeps the outer partitions open-ended, so no row falls outside), and
   * filtered to the watermark range, which Spark pushes down into each partition's query.
   */
  Dataset<Row> read(SparkSession spark, Slice slice) {
    DataFrameReader reader =
        spark
            .read()
            .format("jdbc")
            .option("url", spec.url().url())
            .option("dbtable", slice.relation())
            .option("driver", driver.getClass().getName())
            .option("fetchsize", spec.fetchSize())
            .options(spec.url().timeoutProperties(spec.connectTimeout()))
            .options(spec.properties())
            .option("user", spec.user())
            .option("password", spec.password().reveal());
    if (slice.partitions(spec) > 1) {
      reader =
          reader
              .option("partitionColumn", spec.partitionColumn().orElseThrow())
              .option("lowerBound", JdbcSql.bound(slice.low(), true))
              .option("upperBound", JdbcSql.bound(slice.high(), false))
              .option("numPartitions", spec.numPartitions());
    }
    Dataset<Row> rows = reader.load();
    Column filter =
        spec.watermarkColumn()
            .map(w -> JdbcSql.slice(w, slice.from(), slice.maxWatermark()))
            .orElse(null);
    return filter == null ? rows : rows.filter(filter);
  }

  private Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.putAll(spec.url().timeoutProperties(spec.connectTimeout()));
    properties.putAll(spec.properties());
    properties.setProperty("user", spec.user());
    properties.setProperty("password", spec.password().reveal());
    Connection connection = driver.connect(spec.url().url(), properties);
    if (connection == null) {
      throw new JobFailure(
          "Source '"
              + spec.name()
              + "': the JDBC driver "
              + driver.getClass().getName()
              + " does not take URLs like mljobs.sources."
              + spec.name()
              + ".url ("
              + spec.url().subprotocol()
              + "). Fix the URL or mljobs.sources."
              + spec.name()
              + ".driver.");
    }
    return connection;
  }

  /**
   * The configured driver class, or the registered driver that takes the URL. Looks in the context
   * class loader too: under spark-submit the job jar's drivers are not always registered with
   * {@link DriverManager}.
   */
  private static Driver findDriver(JdbcSourceSpec spec) {
    String url = spec.url().url();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = JdbcSource.class.getClassLoader();
    }
    if (spec.driver().isPresent()) {
      String name = spec.driver().get();
      try {
        return (Driver) Class.forName(name, true, loader).getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
        throw new JobFailure(
            "Source '"
                + spec.name()
                + "': cannot load the JDBC driver "
                + name
                + " ("
                + e.getClass().getSimpleName()
                + "). Put its jar on the classpath (spark-submit --jars) or fix mljobs.sources."
                + spec.name()
                + ".driver.",
            e);
      }
    }
    try {
      return DriverManager.getDriver(url);
    } catch (SQLException notRegistered) {
      ServiceLoader<Driver> drivers = ServiceLoader.load(Driver.class, loader);
      for (var it = drivers.iterator(); it.hasNext(); ) {
        try {
          Driver candidate = it.next();
          if (candidate.acceptsURL(url)) {
            return candidate;
          }
        } catch (ServiceConfigurationError | SQLException skipped) {
          // a broken or unrelated driver on the classpath: try the next one
        }
      }
      throw new JobFailure(
          "Source '"
              + spec.name()
              + "': no JDBC driver for "
              + spec.url().product()
              + " URLs (jdbc:"
              + spec.url().subprotocol()
              + ":...) is on the classpath. The job jar bundles PostgreSQL's; for another"
              + " database add its driver jar (spark-submit --jars) and set mljobs.sources."
              + spec.name()
              + ".driver.");
    }
  }

  /**
   * What a run reads from a source.
   *
   * @param relation the projection read (declared columns only)
   * @param from the lowest watermark read (bronze's highest, less the lookback), null for all rows
   * @param rows rows at or after {@code from} when surveyed
   * @param maxWatermark the highest watermark among them: the run reads up to it
   * @param low the partition column's lowest value among them, null when unpartitioned or empty
   * @param high its highest value
   */
  record Slice(
      String relation, Object from, long rows, Object maxWatermark, Object low, Object high) {

    /** The number of parallel reads Spark is asked for. */
    int partitions(JdbcSourceSpec spec) {
      return spec.partitionColumn().isPresent()
              && low != null
              && high != null
              && !low.equals(high)
              && spec.numPartitions() > 1
          ? spec.numPartitions()
          : 1;
    }
  }
}
