package io.mljobs.jobs.demo;

import java.util.ArrayList;
import java.util.List;

/** Breaks a transaction's line in the way a {@link MalformedKind} describes. */
final class Malformer {

  private static final String[] NON_NUMERIC_AMOUNTS = {"N/A", "twelve", "12.34.56", "1O.00"};
  private static final String[] POISON_VALUES = {
    "PING", "<event id=\"%s\"/>", "{broken json for %s", "transaction_id=%s;amount=??"
  };

  private Malformer() {}

  /** The malformed line; {@code variant} is a uniform draw choosing among equivalent breakages. */
  static String line(MalformedKind kind, Transaction t, double variant) {
    return switch (kind) {
      case CSV_NON_NUMERIC_AMOUNT -> csv(t, 6, pick(NON_NUMERIC_AMOUNTS, variant));
      case CSV_WRONG_FIELD_COUNT -> wrongFieldCount(t, variant);
      case CSV_UNPARSEABLE_TIMESTAMP -> csv(t, 1, badTimestamp(t, variant));
      case CSV_UNBALANCED_QUOTE -> unbalancedQuote(t);
      case JSON_TRUNCATED -> truncated(DemoFormats.transactionJson(t), variant);
      case JSON_NON_NUMERIC_AMOUNT ->
          DemoFormats.transactionJson(t, true, JsonLines.quote(pick(NON_NUMERIC_AMOUNTS, variant)));
      case JSON_MISSING_TRANSACTION_ID ->
          DemoFormats.transactionJson(t, false, DemoFormats.decimal(t.amount()));
      case STREAM_NOT_JSON ->
          t.transactionId() + '\t' + pick(POISON_VALUES, variant).replace("%s", t.transactionId());
    };
  }

  private static String csv(Transaction t, int field, String replacement) {
    List<String> fields = new ArrayList<>(DemoFormats.transactionFields(t));
    fields.set(field, replacement);
    return CsvFormat.line(fields);
  }

  /**
   * Drops or inserts a field before merchant_id, so the columns after it shift and the amount
   * position holds text: the row fails even a parser that pads or truncates to the schema.
   */
  private static String wrongFieldCount(Transaction t, double variant) {
    List<String> fields = new ArrayList<>(DemoFormats.transactionFields(t));
    if (variant < 0.5) {
      fields.remove(3);
    } else {
      fields.add(3, "EXTRA");
    }
    return CsvFormat.line(fields);
  }

  private static String badTimestamp(Transaction t, double variant) {
    String iso = DemoFormats.isoInstant(t.eventTs());
    String date = iso.substring(0, 10);
    String time = iso.substring(11, 19);
    if (variant < 1.0 / 3) {
      // 01/11/2026 13:45:12: day/month/year, not ISO-8601.
      return date.substring(8, 10)
          + "/"
          + date.substring(5, 7)
          + "/"
          + date.substring(0, 4)
          + " "
          + time;
    }
    if (variant < 2.0 / 3) {
      return date + "T25:61:00Z";
    }
    return "not-a-timestamp";
  }

  /** The merchant_id field opens a quote that the line never closes. */
  private static String unbalancedQuote(Transaction t) {
    List<String> fields = DemoFormats.transactionFields(t);
    StringBuilder sb = new StringBuilder(128);
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      if (i == 4) {
        sb.append('"');
      }
      sb.append(fields.get(i));
    }
    return sb.toString();
  }

  /** A strict prefix of a JSON object misses its closing brace, so it is never valid JSON. */
  private static String truncated(String json, double variant) {
    int min = json.length() / 3;
    int max = json.length() - 2;
    return json.substring(0, min + (int) (variant * (max - min)));
  }

  private static String pick(String[] values, double variant) {
    return values[(int) (variant * values.length)];
  }
}
