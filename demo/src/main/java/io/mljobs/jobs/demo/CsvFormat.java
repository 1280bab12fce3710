package io.mljobs.jobs.demo;

import java.util.List;

/**
 * RFC 4180 CSV formatting: fields separated by commas; a field containing a comma, double quote, CR
 * or LF is enclosed in double quotes with inner quotes doubled. Line terminators are left to the
 * caller (the demo files use {@code '\n'}).
 */
public final class CsvFormat {

  private CsvFormat() {}

  /** Joins the fields into one CSV record, quoting where needed. */
  public static String line(List<String> fields) {
    StringBuilder sb = new StringBuilder(16 * fields.size());
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      appendField(sb, fields.get(i));
    }
    return sb.toString();
  }

  /** Joins the fields into one CSV record, quoting where needed. */
  public static String line(String... fields) {
    return line(List.of(fields));
  }

  /** Appends one field, quoted if it contains a comma, quote, CR or LF. */
  public static void appendField(StringBuilder sb, String field) {
    if (!needsQuotes(field)) {
      sb.append(field);
      return;
    }
    sb.append('"');
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '"') {
        sb.append('"');
      }
      sb.append(c);
    }
    sb.append('"');
  }

  /** Whether RFC 4180 requires {@code field} to be quoted. */
  public static boolean needsQuotes(String field) {
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == ',' || c == '"' || c == '\r' || c == '\n') {
        return true;
      }
    }
    return false;
  }
}
