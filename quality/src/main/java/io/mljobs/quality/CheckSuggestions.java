package io.mljobs.quality;

import com.amazon.deequ.suggestions.ConstraintSuggestion;
import com.amazon.deequ.suggestions.ConstraintSuggestionResult;
import com.amazon.deequ.suggestions.ConstraintSuggestionRunner;
import com.amazon.deequ.suggestions.Rules;
import com.typesafe.config.ConfigUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Deequ's constraint suggestions ({@code ConstraintSuggestionRunner} with {@code Rules.DEFAULT})
 * turned into this project's check types, printed as a ready-to-edit HOCON block:
 *
 * <pre>{@code
 * mljobs.datasets.pos.checks = [
 *   # why: 'amount' is not null
 *   { type = completeness, column = "amount" }
 * ]
 * }</pre>
 *
 * <p>Mapping: {@code isComplete} and {@code hasCompleteness} to {@code completeness}, {@code
 * isUnique} to {@code uniqueness}, {@code isNonNegative} to {@code non-negative}, {@code
 * isContainedIn} to {@code allowed-values}; {@code hasDataType} (no check type here; declare the
 * type in the schema) and anything else become comments.
 */
public final class CheckSuggestions {
  private static final Pattern AT_LEAST = Pattern.compile("_ >= ([0-9.eE+-]+)");
  private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  private CheckSuggestions() {}

  /**
   * One suggestion.
   *
   * @param column the column
   * @param check the check as a HOCON object ({@code { type = ..., ... }}), empty when it has no
   *     check type here
   * @param deequ Deequ's code for the constraint ({@code .isComplete("amount")})
   * @param why Deequ's description of the suggestion
   */
  public record Suggestion(String column, Optional<String> check, String deequ, String why) {}

  /** Deequ's suggestions for {@code data} (profiles every column: three passes). */
  public static List<Suggestion> suggest(Dataset<Row> data) {
    ConstraintSuggestionResult result =
        new ConstraintSuggestionRunner().onData(data).addConstraintRules(Rules.DEFAULT()).run();
    List<String> order = List.of(data.columns());
    List<Suggestion> suggestions = new ArrayList<>();
    DeequInterop.javaMap(result.constraintSuggestions()).entrySet().stream()
        .sorted(
            java.util.Comparator.comparingInt(
                (java.util.Map.Entry<String, ?> e) -> order.indexOf(e.getKey())))
        .forEach(
            e -> {
              for (ConstraintSuggestion s : DeequInterop.javaList(e.getValue())) {
                suggestions.add(
                    new Suggestion(
                        s.columnName(),
                        toCheck(s.columnName(), s.codeForConstraint()),
                        s.codeForConstraint().trim(),
                        s.description()));
              }
            });
    return suggestions;
  }

  /** The check for one Deequ suggestion, from its code; empty when there is no such check type. */
  static Optional<String> toCheck(String column, String code) {
    String c = quote(column);
    String trimmed = code.trim();
    Optional<Double> atLeast = atLeast(trimmed);
    if (trimmed.startsWith(".isComplete(")) {
      return Optional.of("{ type = completeness, column = " + c + " }");
    } else if (trimmed.startsWith(".hasCompleteness(")) {
      return Optional.of(
          "{ type = completeness, column = "
              + c
              + ", min = "
              + CheckSpec.Checks.number(atLeast.orElse(1.0))
              + " }");
    } else if (trimmed.startsWith(".isUnique(")) {
      return Optional.of("{ type = uniqueness, columns = [" + c + "] }");
    } else if (trimmed.startsWith(".isNonNegative(")) {
      return Optional.of("{ type = non-negative, column = " + c + " }");
    } else if (trimmed.startsWith(".isContainedIn(")) {
      int open = trimmed.indexOf("Array(");
      int close = trimmed.indexOf(')', open);
      if (open < 0 || close < 0) {
        return Optional.empty();
      }
      List<String> values = new ArrayList<>();
      Matcher m = QUOTED.matcher(trimmed.substring(open, close));
      while (m.find()) {
        values.add(quote(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\")));
      }
      if (values.isEmpty()) {
        return Optional.empty();
      }
      String check =
          "{ type = allowed-values, column = "
              + c
              + ", values = ["
              + String.join(", ", values)
              + "]";
      if (atLeast.isPresent() && atLeast.get() < 1.0) {
        check += ", min-fraction = " + CheckSpec.Checks.number(atLeast.get());
      }
      return Optional.of(check + " }");
    }
    return Optional.empty();
  }

  private static Optional<Double> atLeast(String code) {
    Matcher m = AT_LEAST.matcher(code);
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Double.parseDouble(m.group(1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The HOCON block {@code mljobs.datasets.<dataset>.checks = [ ... ]}, one check per line. */
  public static String toHocon(String dataset, List<Suggestion> suggestions) {
    StringBuilder out =
        new StringBuilder("mljobs.datasets.")
            .append(ConfigUtil.joinPath(dataset))
            .append(".checks = [\n");
    for (Suggestion s : suggestions) {
      out.append("  # why: ").append(oneLine(s.why())).append('\n');
      if (s.check().isPresent()) {
        out.append("  ").append(s.check().get()).append('\n');
      } else {
        out.append("  # (no check type for Deequ's ")
            .append(oneLine(s.deequ()))
            .append(
                s.deequ().startsWith(".hasDataType(")
                    ? "; declare the column's type in the schema instead)"
                    : ")")
            .append('\n');
      }
    }
    return out.append("]\n").toString();
  }

  /** How many suggestions became checks, by type. */
  public static String summary(List<Suggestion> suggestions) {
    long checks = suggestions.stream().filter(s -> s.check().isPresent()).count();
    return suggestions.size()
        + " suggestion(s), "
        + checks
        + " as checks"
        + (checks < suggestions.size()
            ? " ("
                + suggestions.stream()
                    .filter(s -> s.check().isEmpty())
                    .map(s -> s.deequ().replaceAll("\\(.*", ""))
                    .distinct()
                    .collect(Collectors.joining(", "))
                + " as comments)"
            : "");
  }

  private static String oneLine(String s) {
    return s.replace('\n', ' ').replace('\r', ' ').trim();
  }

  private static String quote(String s) {
    return ConfigUtil.quoteString(s);
  }
}
