package io.mljobs.jobs.demo;

/**
 * How a deliberately malformed row is broken. Each kind also fails a lenient typed read (Spark's
 * PERMISSIVE mode with the transaction schema, decimal amount and timestamp event_ts, plus not-null
 * checks on the required columns), not only a strict parser.
 */
public enum MalformedKind {
  /** CSV: the amount field is not a number (e.g. {@code N/A}). */
  CSV_NON_NUMERIC_AMOUNT,
  /**
   * CSV: one field too few (card_id dropped) or one too many (inserted before merchant_id); the
   * columns after it shift, so the amount position holds text.
   */
  CSV_WRONG_FIELD_COUNT,
  /** CSV: the event_ts field is not an ISO-8601 instant (e.g. {@code 01/11/2026 13:45:12}). */
  CSV_UNPARSEABLE_TIMESTAMP,
  /**
   * CSV: the merchant_id field opens a quote that is never closed on that line. A multi-line CSV
   * parser would read on into the following rows; read the file line by line.
   */
  CSV_UNBALANCED_QUOTE,
  /** JSON lines: the line is cut off, so it is not a complete JSON value. */
  JSON_TRUNCATED,
  /** JSON lines: {@code amount} is a string that is not a number (e.g. {@code "N/A"}). */
  JSON_NON_NUMERIC_AMOUNT,
  /** JSON lines: valid JSON without the required {@code transaction_id}. */
  JSON_MISSING_TRANSACTION_ID,
  /** Stream: the value after the key is not JSON (a poison message). */
  STREAM_NOT_JSON
}
