package io.mljobs.jobs.publish;

import java.util.List;

/**
 * One SQL statement and its bind values (values always travel as binds, never inside the text).
 *
 * @param sql the statement, with {@code ?} placeholders
 * @param binds the values, in order
 */
public record SqlStatement(String sql, List<Object> binds) {
  public SqlStatement {
    binds = List.copyOf(binds);
  }

  /** A statement without binds. */
  public static SqlStatement of(String sql) {
    return new SqlStatement(sql, List.of());
  }

  @Override
  public String toString() {
    return sql;
  }
}
