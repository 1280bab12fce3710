package io.mljobs.common.schema;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.NearestNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.catalyst.FunctionIdentifier$;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import scala.collection.JavaConverters;

/**
 * Checks a Spark SQL expression from config before Spark starts: it parses, every function it calls
 * is a Spark built-in, and every column it reads is one the row has. Each problem is a {@link
 * ConfigError} naming the key, so a typo fails the run with exit code 2 instead of a stack trace
 * after data was read.
 */
public final class SqlExpressions {
  private SqlExpressions() {}

  /**
   * The columns {@code expr} reads (the first part of each name, as written).
   *
   * @throws ConfigError naming {@code key} when it does not parse or calls an unknown function
   */
  public static Set<String> referencedColumns(String expr, String key) {
    if (expr == null || expr.isBlank()) {
      throw new ConfigError(key, "Config key '" + key + "' is empty: give a Spark SQL expression.");
    }
    Expression parsed;
    try {
      parsed = CatalystSqlParser$.MODULE$.parseExpression(expr);
    } catch (Exception e) { // ParseException, which Scala throws undeclared
      throw new ConfigError(
          key,
          "Config key '"
              + key
              + "' is not a valid Spark SQL expression: '"
              + expr
              + "' ("
              + firstLine(e.getMessage())
              + ").");
    }
    Set<String> columns = new LinkedHashSet<>();
    List<String> functions = new ArrayList<>();
    collect(parsed, columns, functions);
    for (String function : functions) {
      boolean known =
          FunctionRegistry$.MODULE$
              .builtin()
              .functionExists(FunctionIdentifier$.MODULE$.apply(function.toLowerCase(Locale.ROOT)));
      if (!known) {
        throw new ConfigError(
            key,
            "Config key '"
                + key
                + "' calls '"
                + function
                + "', which is not a Spark SQL function (in '"
                + expr
                + "'). See https://spark.apache.org/docs/3.5.7/api/sql/ for the functions.");
      }
    }
    return columns;
  }

  /**
   * Checks {@code expr} (see {@link #referencedColumns}) and that every column it reads is in
   * {@code available} (compared case-insensitively, as Spark resolves names).
   */
  public static void check(String expr, Collection<String> available, String key) {
    Set<String> lower = new LinkedHashSet<>();
    available.forEach(c -> lower.add(c.toLowerCase(Locale.ROOT)));
    for (String column : referencedColumns(expr, key)) {
      if (!lower.contains(column.toLowerCase(Locale.ROOT))) {
        throw new ConfigError(
            key,
            "Config key '"
                + key
                + "' reads column '"
                + column
                + "', which the row does not have"
                + NearestNames.didYouMean(column, available)
                + ". Columns: "
                + available
                + ".");
      }
    }
  }

  private static void collect(Expression e, Set<String> columns, List<String> functions) {
    if (e instanceof UnresolvedAttribute attribute) {
      columns.add(attribute.nameParts().head());
    } else if (e instanceof UnresolvedFunction function) {
      functions.add(function.nameParts().mkString("."));
    }
    for (Expression child : JavaConverters.seqAsJavaList(e.children())) {
      collect(child, columns, functions);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    String line = message.strip().lines().findFirst().orElse(message);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
