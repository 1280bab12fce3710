package io.mljobs.jobs.ingest.jdbc;

import io.mljobs.common.config.ConfigError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The rules for text from config that {@code ingest-jdbc} puts into SQL. Nothing from config is
 * spliced into SQL as it is: a table name is checked part by part and each part is quoted; a column
 * name is quoted and must not hold a quote character; a query is one statement (no {@code ;}).
 * Anything else is a config error naming the key, before any connection is opened.
 */
public final class JdbcIdentifiers {
  /** The longest identifier part accepted (PostgreSQL's limit is 63, most others 128). */
  public static final int MAX_LENGTH = 128;

  private static final Pattern UNQUOTED = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

  private JdbcIdentifiers() {}

  /**
   * One part of a table name: {@code customers}, or {@code "Customers"} written with double quotes
   * in config to keep its case.
   *
   * @param name the name, without quotes
   * @param quoted whether it was quoted in config (an exact name, not folded)
   */
  public record Part(String name, boolean quoted) {}

  /**
   * Parses {@code [catalog.][schema.]table}: each part an unquoted name (a letter or {@code _},
   * then letters, digits, {@code _} or {@code $}) or a double-quoted name without quotes or control
   * characters, at most {@value #MAX_LENGTH} characters each.
   *
   * @throws ConfigError naming {@code key} for anything else (spaces, {@code ;}, comments, ...)
   */
  public static List<Part> tableParts(String text, String key) {
    List<Part> parts = new ArrayList<>();
    int i = 0;
    while (true) {
      if (i < text.length() && text.charAt(i) == '"') {
        int end = text.indexOf('"', i + 1);
        String name = end < 0 ? "" : text.substring(i + 1, end);
        if (end < 0 || !safeQuoted(name)) {
          throw badTable(text, key);
        }
        parts.add(new Part(name, true));
        i = end + 1;
      } else {
        int end = text.indexOf('.', i);
        String name = text.substring(i, end < 0 ? text.length() : end);
        if (name.length() > MAX_LENGTH || !UNQUOTED.matcher(name).matches()) {
          throw badTable(text, key);
        }
        parts.add(new Part(name, false));
        i = end < 0 ? text.length() : end;
      }
      if (i == text.length()) {
        break;
      }
      if (text.charAt(i) != '.' || parts.size() == 3) {
        throw badTable(text, key);
      }
      i++;
    }
    return parts;
  }

  /**
   * The table name as SQL: every part quoted with {@code quote} (the database's quoting), unquoted
   * parts first folded as the database folds unquoted names ({@code fold}), so {@code
   * public.customers} names the same table it would unquoted, and reserved words work too.
   */
  public static String tableSql(
      List<Part> parts, UnaryOperator<String> quote, UnaryOperator<String> fold) {
    List<String> sql = new ArrayList<>();
    for (Part part : parts) {
      sql.add(quote.apply(part.quoted() ? part.name() : fold.apply(part.name())));
    }
    return String.join(".", sql);
  }

  /**
   * Checks a column name that is quoted into SQL: not empty, at most {@value #MAX_LENGTH}
   * characters, no double quote, backtick or control character (the characters that could end the
   * quoting).
   *
   * @throws ConfigError naming {@code key} otherwise
   */
  public static String column(String name, String key) {
    if (name.isEmpty() || !safeQuoted(name)) {
      throw new ConfigError(
          key,
          "Config key '"
              + key
              + "' names column '"
              + printable(name)
              + "', which cannot be used in SQL: a column name read from a database must be 1 to "
              + MAX_LENGTH
              + " characters without '\"', '`' or control characters. Rename it, or read the"
              + " source through a query that renames it.");
    }
    return name;
  }

  /**
   * Checks a configured query: one statement, so no {@code ;} except trailing ones (already removed
   * by the caller). A {@code ;} inside a string literal is refused too: what a literal is differs
   * between databases, and a refused query is safer than a second statement.
   *
   * @throws ConfigError naming {@code key} otherwise
   */
  public static String query(String query, String key) {
    if (query.indexOf(';') >= 0) {
      throw new ConfigError(
          key,
          "Config key '"
              + key
              + "' holds more than one statement (a ';' inside the query). Give one SELECT; for a"
              + " literal semicolon use the database's function for it (e.g. chr(59)).");
    }
    return query;
  }

  /** How a database stores unquoted names: {@code UPPER}, {@code LOWER} or {@code AS_IS}. */
  public static UnaryOperator<String> folding(boolean storesUpper, boolean storesLower) {
    if (storesUpper) {
      return n -> n.toUpperCase(Locale.ROOT);
    }
    if (storesLower) {
      return n -> n.toLowerCase(Locale.ROOT);
    }
    return UnaryOperator.identity();
  }

  private static boolean safeQuoted(String name) {
    if (name.isEmpty() || name.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '"' || c == '`' || Character.isISOControl(c)) {
        return false;
      }
    }
    return true;
  }

  private static ConfigError badTable(String text, String key) {
    return new ConfigError(
        key,
        "Config key '"
            + key
            + "' must name one table as [schema.]table (at most 3 dot-separated parts, each a"
            + " letter or _ followed by letters, digits, _ or $, or a \"double-quoted\" name; at"
            + " most "
            + MAX_LENGTH
            + " characters each), but is '"
            + printable(text)
            + "'. mljobs quotes table names itself and never runs other text as SQL; to read"
            + " something else, set query = \"SELECT ...\" instead.");
  }

  private static String printable(String text) {
    String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }
}
