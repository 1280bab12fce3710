package io.mljobs.jobs.ingest.jdbc;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;

/**
 * The SQL that {@code ingest-jdbc} sends and the values it derives, as pure functions (no
 * connection, no session), so each is unit-tested. Identifiers are quoted by the caller's {@code
 * quote} (Spark's JDBC dialect for the URL); values are bound as parameters or handed to Spark,
 * never pasted into SQL.
 */
final class JdbcSql {
  /** Alias of a configured query used as a derived table. */
  static final String QUERY_ALIAS = "mljobs_q";

  /** Alias of the projection every read goes through. */
  static final String SOURCE_ALIAS = "mljobs_src";

  private JdbcSql() {}

  /**
   * The configured table, each part quoted ({@code fold} is how the database stores unquoted
   * names), or the configured query as a derived table. The query ends on its own line, so a
   * trailing {@code --} comment cannot swallow the closing parenthesis.
   */
  static String base(JdbcSourceSpec spec, UnaryOperator<String> quote, UnaryOperator<String> fold) {
    if (spec.table().isPresent()) {
      String key = "mljobs.sources." + spec.name() + ".table";
      return JdbcIdentifiers.tableSql(
          JdbcIdentifiers.tableParts(spec.table().get(), key), quote, fold);
    }
    return "(" + spec.query().orElseThrow() + "\n) " + QUERY_ALIAS;
  }

  /** Asks for the relation's columns and no rows. */
  static String probe(String base) {
    return "SELECT * FROM " + base + " WHERE 1=0";
  }

  /**
   * Matches the declared column names to the relation's (case-insensitively, as SQL does for
   * unquoted names).
   *
   * @return declared name to the relation's name, in declared order; a declared column the relation
   *     lacks is absent
   */
  static Map<String, String> match(List<String> declared, List<String> actual) {
    Map<String, String> matched = new LinkedHashMap<>();
    for (String name : declared) {
      actual.stream()
          .filter(a -> a.equals(name))
          .findFirst()
          .or(() -> actual.stream().filter(a -> a.equalsIgnoreCase(name)).findFirst())
          .ifPresent(a -> matched.put(name, a));
    }
    return matched;
  }

  /** The declared columns the relation lacks. */
  static List<String> missing(List<String> declared, Map<String, String> matched) {
    return declared.stream().filter(n -> !matched.containsKey(n)).toList();
  }

  /**
   * The relation every read uses: only the declared columns, named as declared, so unknown columns
   * (and types Spark cannot read) stay in the database.
   */
  static String projection(String base, Map<String, String> matched, UnaryOperator<String> quote) {
    List<String> columns = new ArrayList<>();
    matched.forEach(
        (declared, actual) ->
            columns.add(
                declared.equals(actual)
                    ? quote.apply(actual)
                    : quote.apply(actual) + " AS " + quote.apply(declared)));
    return "(SELECT " + String.join(", ", columns) + " FROM " + base + ") " + SOURCE_ALIAS;
  }

  /**
   * One statement that sizes the slice a run reads: row count, the highest watermark, and the
   * partition column's bounds, over the rows at or after the watermark parameter when {@code
   * fromParameter} (one {@code ?}). Columns in this order: count, then max(watermark) if any, then
   * min and max(partition) if any.
   */
  static String stats(
      String relation,
      Optional<String> watermark,
      Optional<String> partition,
      boolean fromParameter,
      UnaryOperator<String> quote) {
    StringBuilder sql = new StringBuilder("SELECT COUNT(*)");
    watermark.ifPresent(w -> sql.append(", MAX(").append(quote.apply(w)).append(')'));
    partition.ifPresent(
        p ->
            sql.append(", MIN(")
                .append(quote.apply(p))
                .append("), MAX(")
                .append(quote.apply(p))
                .append(')'));
    sql.append(" FROM ").append(relation);
    if (fromParameter) {
      sql.append(" WHERE ").append(quote.apply(watermark.orElseThrow())).append(" >= ?");
    }
    return sql.toString();
  }

  /**
   * The rows a run reads, as a filter Spark pushes down to the database: from the watermark (at or
   * after: rows that share the last run's highest value are read again, and the merge makes that
   * harmless) up to the highest watermark the stats query saw, so the manifest's range is exact.
   * The first run also takes rows without a watermark. Null when every row is read.
   */
  static Column slice(String watermark, Object from, Object to) {
    Column column = col(quoted(watermark));
    if (from != null && to != null) {
      return column.geq(lit(from)).and(column.leq(lit(to)));
    }
    if (to != null) {
      return column.leq(lit(to)).or(column.isNull());
    }
    return null;
  }

  /** The slice in words, for the manifest: {@code updated_at >= ... AND updated_at <= ...}. */
  static String describeSlice(String watermark, Object from, Object to) {
    if (from != null && to != null) {
      return watermark + " >= " + display(from) + " AND " + watermark + " <= " + display(to);
    }
    if (to != null) {
      return watermark + " <= " + display(to) + " OR " + watermark + " IS NULL";
    }
    return "all rows";
  }

  /** {@code value} moved back by {@code lookback} (timestamps only; other values unchanged). */
  static Object minus(Object value, Duration lookback) {
    if (value instanceof Timestamp ts && !lookback.isZero()) {
      return Timestamp.from(ts.toInstant().minus(lookback));
    }
    return value;
  }

  /**
   * A value from a driver or from Spark as the type Spark filters and binds: java.time values
   * become {@link Timestamp} or {@link Date}; others pass unchanged. A timestamp without zone is
   * read in the JVM's zone, as the drivers' getTimestamp does.
   */
  static Object normalize(Object value) {
    if (value instanceof Instant instant) {
      return Timestamp.from(instant);
    }
    if (value instanceof OffsetDateTime odt) {
      return Timestamp.from(odt.toInstant());
    }
    if (value instanceof ZonedDateTime zdt) {
      return Timestamp.from(zdt.toInstant());
    }
    if (value instanceof LocalDateTime ldt) {
      return Timestamp.from(ldt.atZone(ZoneId.systemDefault()).toInstant());
    }
    if (value instanceof LocalDate date) {
      return Date.valueOf(date);
    }
    return value;
  }

  /**
   * A partition bound as Spark's {@code lowerBound}/{@code upperBound} option: whole numbers
   * (fractions rounded outwards), ISO dates, or ISO instants ({@code 2026-11-01T10:00:00Z}, so no
   * time zone is guessed).
   *
   * @throws IllegalArgumentException for a value that is not a number, date or timestamp
   */
  static String bound(Object value, boolean lower) {
    Object v = normalize(value);
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return v.toString();
    }
    if (v instanceof BigInteger big) {
      return big.toString();
    }
    if (v instanceof BigDecimal decimal) {
      return decimal.setScale(0, lower ? RoundingMode.FLOOR : RoundingMode.CEILING).toPlainString();
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return Long.toString((long) (lower ? Math.floor(d) : Math.ceil(d)));
    }
    if (v instanceof Timestamp ts) {
      return ts.toInstant().toString();
    }
    if (v instanceof Date date) {
      return date.toLocalDate().toString();
    }
    throw new IllegalArgumentException(
        "a partition column must be numeric, date or timestamp, but the database returned "
            + (v == null ? "null" : v.getClass().getSimpleName()));
  }

  /** A watermark or bound for the manifest: ISO instants and dates, numbers as they are. */
  static String display(Object value) {
    Object v = normalize(value);
    if (v instanceof Timestamp ts) {
      return ts.toInstant().toString();
    }
    if (v instanceof Date date) {
      return date.toLocalDate().toString();
    }
    if (v instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    return String.valueOf(v);
  }

  /** {@code full-refresh} for {@code FULL_REFRESH}. */
  static String kebab(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
