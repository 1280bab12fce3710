package io.mljobs.jobs.ingest.jdbc;

import io.mljobs.common.config.Secret;
import io.mljobs.common.schema.ColumnSpec;
import io.mljobs.common.schema.DeclaredSchema;
import io.mljobs.common.source.JdbcUrl;
import io.mljobs.common.table.TableRef;
import io.mljobs.jobs.ingest.jdbc.JdbcSourceSpec.Mode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;

/** Source specs built in code, for tests of the pure parts that take one. */
final class JdbcSpecs {
  static final String PASSWORD = "pw-never-shown-7f3a";

  private JdbcSpecs() {}

  static JdbcSourceSpec customers(String url, Optional<String> table, Optional<String> query) {
    return new JdbcSourceSpec(
        "customers",
        JdbcUrl.parse(url, "mljobs.sources.customers.url"),
        "mljobs",
        Secret.of(PASSWORD),
        "environment variable MLJOBS_PG_PASSWORD",
        table,
        query,
        List.of("customer_id"),
        Optional.of("updated_at"),
        Duration.ZERO,
        Mode.INCREMENTAL,
        Optional.of("created_at"),
        4,
        10_000,
        Duration.ofSeconds(10),
        Optional.empty(),
        Map.of(),
        new DeclaredSchema(
            "customers",
            List.of(
                new ColumnSpec("customer_id", DataTypes.StringType, false, null),
                new ColumnSpec("segment", DataTypes.StringType, true, null),
                new ColumnSpec("created_at", DataTypes.TimestampType, true, null),
                new ColumnSpec("updated_at", DataTypes.TimestampType, false, null))),
        TableRef.of("bronze.customers"),
        TableRef.of("quarantine.customers"));
  }

  static JdbcSourceSpec customers() {
    return customers(
        "jdbc:postgresql://127.0.0.1:55432/mljobs",
        Optional.of("public.customers"),
        Optional.empty());
  }
}
