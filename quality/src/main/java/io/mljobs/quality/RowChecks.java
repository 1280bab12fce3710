package io.mljobs.quality;

import static io.mljobs.quality.QualityChecks.quote;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.mljobs.common.schema.SchemaConformer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Row-level checks as row predicates, the same ones Deequ's {@code Compliance} and {@code
 * PatternMatch} analyzers count, so a row routed to quarantine is exactly a row the check counted
 * as offending. Pure {@code Dataset -> Dataset} functions.
 */
public final class RowChecks {
  /** The rule written to quarantine rows: {@code quality:<first failing check>}. */
  public static final String RULE_PREFIX = "quality:";

  private RowChecks() {}

  /** The SQL predicate a compliance-based check counts (nulls pass, as in Deequ). */
  static String sql(CheckSpec spec) {
    if (spec instanceof CheckSpec.Range r) {
      List<String> bounds = new ArrayList<>();
      r.min().ifPresent(min -> bounds.add(quote(r.column()) + " >= " + literal(min)));
      r.max().ifPresent(max -> bounds.add(quote(r.column()) + " <= " + literal(max)));
      return quote(r.column()) + " IS NULL OR (" + String.join(" AND ", bounds) + ")";
    } else if (spec instanceof CheckSpec.NonNegative n) {
      return quote(n.column()) + " IS NULL OR " + quote(n.column()) + " >= 0";
    } else if (spec instanceof CheckSpec.AllowedValues a) {
      return quote(a.column())
          + " IS NULL OR "
          + quote(a.column())
          + " IN ("
          + a.values().stream().map(RowChecks::stringLiteral).collect(Collectors.joining(", "))
          + ")";
    } else if (spec instanceof CheckSpec.Sql s) {
      return s.predicate();
    }
    throw new IllegalArgumentException("not a compliance check: " + spec.type());
  }

  /** True for rows that pass {@code spec} (a row-level check); never null. */
  public static Column passes(CheckSpec spec) {
    if (spec instanceof CheckSpec.Completeness c) {
      return col(quote(c.column())).isNotNull();
    } else if (spec instanceof CheckSpec.Pattern p) {
      Column value = col(quote(p.column()));
      return value.isNull().or(regexp_extract(value, p.regex(), 0).notEqual(lit("")));
    }
    return coalesce(expr(sql(spec)), lit(false));
  }

  /**
   * Adds the reject columns {@link io.mljobs.common.source.IngestColumns#quarantine} reads: the
   * reason (every quarantining check the row fails, with what it expects; null when the row
   * passes), the rule ({@code quality:<first failing check>}) and the raw record (the row as JSON).
   * Only checks {@link DatasetSpec#quarantines} selects are applied.
   */
  public static Dataset<Row> annotate(DatasetSpec dataset, Dataset<Row> rows) {
    List<CheckSpec> checks = dataset.checks().stream().filter(dataset::quarantines).toList();
    Column raw = to_json(struct(col("*")));
    if (checks.isEmpty()) {
      return rows.withColumn(SchemaConformer.REASON, lit(null).cast("string"))
          .withColumn(SchemaConformer.RULE, lit(null).cast("string"))
          .withColumn(SchemaConformer.RAW, raw);
    }
    List<Column> reasons = new ArrayList<>();
    List<Column> rules = new ArrayList<>();
    for (CheckSpec check : checks) {
      Column failed = not(passes(check));
      reasons.add(when(failed, lit(check.name() + ": expected " + check.expectation())));
      rules.add(when(failed, lit(RULE_PREFIX + check.name())));
    }
    Column reason = concat_ws("; ", array(reasons.toArray(Column[]::new)));
    return rows.withColumn(SchemaConformer.RAW, raw)
        .withColumn(SchemaConformer.REASON, when(length(reason).gt(0), reason))
        .withColumn(SchemaConformer.RULE, coalesce(rules.toArray(Column[]::new)));
  }

  /** The rows of an {@link #annotate}d frame that passed, with the reject columns dropped. */
  public static Dataset<Row> passed(Dataset<Row> annotated) {
    return annotated
        .filter(col(SchemaConformer.REASON).isNull())
        .drop(SchemaConformer.REASON, SchemaConformer.RULE, SchemaConformer.RAW);
  }

  private static String literal(double value) {
    return "CAST(" + CheckSpec.Checks.number(value) + " AS DOUBLE)";
  }

  private static String stringLiteral(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
