package io.mljobs.quality;

import static io.mljobs.quality.QualityChecks.quote;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
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
import io.mljobs.common.table.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
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

  /**
   * True for rows that pass {@code spec} (a row-level check); never null. A referential check reads
   * the flag column {@link #withReferenceFlag} added.
   */
  public static Column passes(CheckSpec spec) {
    if (spec instanceof CheckSpec.Referential r) {
      return coalesce(col(quote(referenceFlag(r))), lit(false));
    }
    if (spec instanceof CheckSpec.Completeness c) {
      return col(quote(c.column())).isNotNull();
    } else if (spec instanceof CheckSpec.Pattern p) {
      Column value = col(quote(p.column()));
      return value.isNull().or(regexp_extract(value, p.regex(), 0).notEqual(lit("")));
    }
    return coalesce(expr(sql(spec)), lit(false));
  }

  /**
   * The name of the column {@link #withReferenceFlag} adds for {@code check}: true when the row's
   * key is null or found in the reference table.
   */
  static String referenceFlag(CheckSpec.Referential check) {
    return REFERENCE_PREFIX + check.name();
  }

  private static final String REFERENCE_PREFIX = "__referential__";

  /**
   * {@code data} with the flag column of {@code check} ({@link #referenceFlag}): a left join with
   * the distinct non-null keys of {@code reference}, so each row keeps its multiplicity. Nulls
   * pass, as in Deequ's compliance.
   */
  static Dataset<Row> withReferenceFlag(
      Dataset<Row> data, CheckSpec.Referential check, Dataset<Row> reference) {
    String flag = referenceFlag(check);
    String key = flag + "__key";
    Dataset<Row> keys =
        reference
            .select(col(quote(check.refColumn())).as(key))
            .where(col(quote(key)).isNotNull())
            .distinct();
    return data.join(keys, col(quote(check.column())).equalTo(col(quote(key))), "left")
        .withColumn(flag, col(quote(check.column())).isNull().or(col(quote(key)).isNotNull()))
        .drop(key);
  }

  /**
   * As {@link #annotate(DatasetSpec, Dataset, Function)}, for datasets whose quarantining checks
   * read no reference table.
   */
  public static Dataset<Row> annotate(DatasetSpec dataset, Dataset<Row> rows) {
    return annotate(
        dataset,
        rows,
        ref -> {
          throw new IllegalStateException("no reference tables given for " + ref);
        });
  }

  /**
   * Adds the reject columns {@link io.mljobs.common.source.IngestColumns#quarantine} reads: the
   * reason (every quarantining check the row fails, with what it expects; null when the row
   * passes), the rule ({@code quality:<first failing check>}) and the raw record (the row as JSON).
   * Only checks {@link DatasetSpec#quarantines} selects are applied; a referential check reads its
   * reference table through {@code referenceTables} (the same version the gate checked against),
   * and its reason names the missing key.
   */
  public static Dataset<Row> annotate(
      DatasetSpec dataset, Dataset<Row> rows, Function<TableRef, Dataset<Row>> referenceTables) {
    List<CheckSpec> checks = dataset.checks().stream().filter(dataset::quarantines).toList();
    Column raw = to_json(struct(col("*")));
    if (checks.isEmpty()) {
      return rows.withColumn(SchemaConformer.REASON, lit(null).cast("string"))
          .withColumn(SchemaConformer.RULE, lit(null).cast("string"))
          .withColumn(SchemaConformer.RAW, raw);
    }
    // The raw record is taken before the reference flags join in.
    Dataset<Row> flagged = rows.withColumn(SchemaConformer.RAW, raw);
    List<String> flags = new ArrayList<>();
    for (CheckSpec check : checks) {
      if (check instanceof CheckSpec.Referential r) {
        flagged = withReferenceFlag(flagged, r, referenceTables.apply(r.table()));
        flags.add(referenceFlag(r));
      }
    }
    List<Column> reasons = new ArrayList<>();
    List<Column> rules = new ArrayList<>();
    for (CheckSpec check : checks) {
      Column failed = not(passes(check));
      reasons.add(when(failed, reason(check)));
      rules.add(when(failed, lit(RULE_PREFIX + check.name())));
    }
    Column reason = concat_ws("; ", array(reasons.toArray(Column[]::new)));
    return flagged
        .withColumn(SchemaConformer.REASON, when(length(reason).gt(0), reason))
        .withColumn(SchemaConformer.RULE, coalesce(rules.toArray(Column[]::new)))
        .drop(flags.toArray(String[]::new));
  }

  /** Why a row failed {@code check}; a referential check names the row's missing key. */
  private static Column reason(CheckSpec check) {
    if (check instanceof CheckSpec.Referential r) {
      return concat(
          lit(r.name() + ": " + r.column() + " '"),
          col(quote(r.column())).cast("string"),
          lit("' not found in " + r.table() + "." + r.refColumn()));
    }
    return lit(check.name() + ": expected " + check.expectation());
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
