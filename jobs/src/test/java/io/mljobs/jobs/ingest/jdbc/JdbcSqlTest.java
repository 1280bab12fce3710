package io.mljobs.jobs.ingest.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class JdbcSqlTest {
  private static final UnaryOperator<String> QUOTE = n -> "\"" + n + "\"";
  private static final Timestamp T1 = Timestamp.from(Instant.parse("2026-11-01T10:00:00Z"));
  private static final Timestamp T2 = Timestamp.from(Instant.parse("2026-11-02T23:59:59.123456Z"));

  @Test
  void tableOrQueryIsTheBase() {
    assertEquals(
        "\"public\".\"customers\"",
        JdbcSql.base(JdbcSpecs.customers(), QUOTE, UnaryOperator.identity()));
    assertEquals(
        "(SELECT * FROM c WHERE x -- a comment\n) mljobs_q",
        JdbcSql.base(
            JdbcSpecs.customers(
                "jdbc:postgresql://h/db",
                Optional.empty(),
                Optional.of("SELECT * FROM c WHERE x -- a comment")),
            QUOTE,
            UnaryOperator.identity()));
    assertEquals("SELECT * FROM public.customers WHERE 1=0", JdbcSql.probe("public.customers"));
  }

  @Test
  void declaredColumnsMatchTheRelationsIgnoringCase() {
    Map<String, String> matched =
        JdbcSql.match(
            List.of("customer_id", "Segment", "created_at", "gone"),
            List.of("CUSTOMER_ID", "segment", "created_at", "extra"));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("customer_id", "CUSTOMER_ID");
    expected.put("Segment", "segment");
    expected.put("created_at", "created_at");
    assertEquals(expected, matched);
    assertEquals(List.of("gone"), JdbcSql.missing(List.of("customer_id", "gone"), matched));
    assertEquals(
        "(SELECT \"CUSTOMER_ID\" AS \"customer_id\", \"segment\" AS \"Segment\", \"created_at\""
            + " FROM public.customers) mljobs_src",
        JdbcSql.projection("public.customers", matched, QUOTE));
  }

  @Test
  void statsQueryCountsAndBoundsTheSliceInOneStatement() {
    assertEquals(
        "SELECT COUNT(*), MAX(\"updated_at\"), MIN(\"created_at\"), MAX(\"created_at\") FROM r"
            + " WHERE \"updated_at\" >= ?",
        JdbcSql.stats("r", Optional.of("updated_at"), Optional.of("created_at"), true, QUOTE));
    assertEquals(
        "SELECT COUNT(*), MAX(\"updated_at\") FROM r",
        JdbcSql.stats("r", Optional.of("updated_at"), Optional.empty(), false, QUOTE));
    assertEquals(
        "SELECT COUNT(*), MIN(\"id\"), MAX(\"id\") FROM r",
        JdbcSql.stats("r", Optional.empty(), Optional.of("id"), false, QUOTE));
  }

  @Test
  void boundsAreWholeNumbersIsoDatesOrInstants() {
    assertEquals("17", JdbcSql.bound(17, true));
    assertEquals("9000000000", JdbcSql.bound(9_000_000_000L, false));
    assertEquals("-3", JdbcSql.bound(new BigDecimal("-2.5"), true));
    assertEquals("3", JdbcSql.bound(new BigDecimal("2.01"), false));
    assertEquals("2", JdbcSql.bound(2.9d, true));
    assertEquals("2026-11-02T23:59:59.123456Z", JdbcSql.bound(T2, false));
    assertEquals(
        "2026-11-01T10:00:00Z",
        JdbcSql.bound(OffsetDateTime.of(2026, 11, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2)), true));
    assertEquals("2026-11-01", JdbcSql.bound(Date.valueOf(LocalDate.of(2026, 11, 1)), true));
    assertEquals("2026-11-01", JdbcSql.bound(LocalDate.of(2026, 11, 1), true));
    assertThrows(IllegalArgumentException.class, () -> JdbcSql.bound("c000001", true));
  }

  @Test
  void sliceIsTheWatermarkRange() {
    assertEquals(
        "((updated_at >= TIMESTAMP '2026-11-01 10:00:00') AND (updated_at <= TIMESTAMP"
            + " '2026-11-02 23:59:59.123456'))",
        JdbcSql.slice("updated_at", T1, T2).expr().sql());
    assertEquals(
        "((updated_at <= TIMESTAMP '2026-11-02 23:59:59.123456') OR (updated_at IS NULL))",
        JdbcSql.slice("updated_at", null, T2).expr().sql());
    assertNull(JdbcSql.slice("updated_at", null, null), "an empty source: no filter");
    assertEquals(
        "updated_at >= 2026-11-01T10:00:00Z AND updated_at <= 2026-11-02T23:59:59.123456Z",
        JdbcSql.describeSlice("updated_at", T1, T2));
    assertEquals("all rows", JdbcSql.describeSlice("updated_at", null, null));
  }

  @Test
  void lookbackMovesTimestampsOnly() {
    assertEquals(
        Timestamp.from(Instant.parse("2026-11-01T09:50:00Z")),
        JdbcSql.minus(T1, Duration.ofMinutes(10)));
    assertEquals(42L, JdbcSql.minus(42L, Duration.ofMinutes(10)));
    assertEquals("42.50", JdbcSql.display(new BigDecimal("42.50")));
    assertEquals("2026-11-01T10:00:00Z", JdbcSql.display(T1));
  }

  @Test
  void tableNamePartsAreQuotedAfterFoldingAsTheDatabaseDoes() {
    JdbcSourceSpec spec =
        JdbcSpecs.customers(
            "jdbc:postgresql://h/db", Optional.of("Sales.\"Order Lines\""), Optional.empty());
    UnaryOperator<String> lower = JdbcIdentifiers.folding(false, true);
    UnaryOperator<String> upper = JdbcIdentifiers.folding(true, false);
    // PostgreSQL folds unquoted names to lower case, Snowflake and Oracle to upper case; a name
    // quoted in config is kept as written.
    assertEquals("\"sales\".\"Order Lines\"", JdbcSql.base(spec, QUOTE, lower));
    assertEquals("\"SALES\".\"Order Lines\"", JdbcSql.base(spec, QUOTE, upper));
    assertEquals(
        "`Sales`.`Order Lines`",
        JdbcSql.base(spec, n -> "`" + n + "`", JdbcIdentifiers.folding(false, false)));
  }
}
