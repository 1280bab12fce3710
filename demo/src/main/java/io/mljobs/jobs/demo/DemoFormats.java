package io.mljobs.jobs.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Renders the demo records as file lines: CSV (RFC 4180, header = the record's {@code COLUMNS}),
 * JSON lines (keys = the record's {@code COLUMNS}, same order) and stream lines ({@code
 * key<TAB>json}). Instants are ISO-8601 UTC with whole seconds ({@code 2026-11-01T13:45:12Z}),
 * dates ISO ({@code 2026-11-01}), decimals plain with their scale ({@code 12.30}); nothing depends
 * on the default locale or time zone.
 */
public final class DemoFormats {

  /** Header line of the POS transaction CSV files. */
  public static final String TRANSACTIONS_CSV_HEADER = CsvFormat.line(Transaction.COLUMNS);

  /** Header line of {@code merchants.csv}. */
  public static final String MERCHANTS_CSV_HEADER = CsvFormat.line(Merchant.COLUMNS);

  /** Header line of the customer CSV files. */
  public static final String CUSTOMERS_CSV_HEADER = CsvFormat.line(Customer.COLUMNS);

  /** Header line of the label CSV files. */
  public static final String LABELS_CSV_HEADER = CsvFormat.line(FraudLabel.COLUMNS);

  private DemoFormats() {}

  /** The transaction's fields as strings, in {@link Transaction#COLUMNS} order. */
  public static List<String> transactionFields(Transaction t) {
    return List.of(
        t.transactionId(),
        isoInstant(t.eventTs()),
        t.customerId(),
        t.cardId(),
        t.merchantId(),
        t.merchantCategory(),
        decimal(t.amount()),
        t.currency(),
        t.channel(),
        t.country(),
        t.entryMode());
  }

  /** One POS CSV data line. */
  public static String transactionCsv(Transaction t) {
    StringBuilder sb = new StringBuilder(128);
    CsvFormat.appendField(sb, t.transactionId());
    sb.append(',');
    appendIsoInstant(sb, t.eventTs());
    for (String field :
        new String[] {
          t.customerId(),
          t.cardId(),
          t.merchantId(),
          t.merchantCategory(),
          decimal(t.amount()),
          t.currency(),
          t.channel(),
          t.country(),
          t.entryMode()
        }) {
      sb.append(',');
      CsvFormat.appendField(sb, field);
    }
    return sb.toString();
  }

  /** One web JSON line; {@code amount} is a JSON number with two decimals. */
  public static String transactionJson(Transaction t) {
    return transactionJson(t, true, decimal(t.amount()));
  }

  /**
   * One stream line: the Kafka key (the transaction id), a TAB, then the JSON value as in {@link
   * #transactionJson}.
   */
  public static String streamLine(Transaction t) {
    return t.transactionId() + '\t' + transactionJson(t);
  }

  /**
   * The JSON object of {@code t}, optionally without {@code transaction_id}, with {@code
   * amountJson} (raw JSON text) as the amount value.
   */
  static String transactionJson(Transaction t, boolean withId, String amountJson) {
    JsonLines.ObjectBuilder b = JsonLines.object();
    if (withId) {
      b.field("transaction_id", t.transactionId());
    }
    return b.field("event_ts", isoInstant(t.eventTs()))
        .field("customer_id", t.customerId())
        .field("card_id", t.cardId())
        .field("merchant_id", t.merchantId())
        .field("merchant_category", t.merchantCategory())
        .rawField("amount", amountJson)
        .field("currency", t.currency())
        .field("channel", t.channel())
        .field("country", t.country())
        .field("entry_mode", t.entryMode())
        .build();
  }

  /** One merchants.csv data line. */
  public static String merchantCsv(Merchant m) {
    return CsvFormat.line(
        m.merchantId(),
        m.name(),
        m.category(),
        m.country(),
        m.riskTier(),
        m.onboardedDate().toString());
  }

  /** One customers CSV data line. */
  public static String customerCsv(Customer c) {
    return CsvFormat.line(
        c.customerId(),
        c.name(),
        c.email(),
        Integer.toString(c.birthYear()),
        c.country(),
        c.segment(),
        decimal(c.creditLimit()),
        isoInstant(c.createdAt()),
        isoInstant(c.updatedAt()));
  }

  /** One labels CSV data line; {@code is_fraud} is 1 or 0. */
  public static String labelCsv(FraudLabel l) {
    return CsvFormat.line(
        l.transactionId(), l.fraud() ? "1" : "0", isoInstant(l.labelTs()), l.reasonCode());
  }

  /** {@code 2026-11-01T13:45:12Z}: UTC, whole seconds (sub-second parts are dropped). */
  public static String isoInstant(Instant instant) {
    StringBuilder sb = new StringBuilder(20);
    appendIsoInstant(sb, instant);
    return sb.toString();
  }

  private static void appendIsoInstant(StringBuilder sb, Instant instant) {
    long seconds = instant.getEpochSecond();
    long day = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    sb.append(LocalDate.ofEpochDay(day)).append('T');
    twoDigits(sb, secondOfDay / 3600);
    sb.append(':');
    twoDigits(sb, secondOfDay / 60 % 60);
    sb.append(':');
    twoDigits(sb, secondOfDay % 60);
    sb.append('Z');
  }

  /** Plain decimal text, never exponent notation, e.g. {@code 12.30}. */
  public static String decimal(BigDecimal value) {
    return value.toPlainString();
  }

  private static void twoDigits(StringBuilder sb, int value) {
    sb.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }
}
