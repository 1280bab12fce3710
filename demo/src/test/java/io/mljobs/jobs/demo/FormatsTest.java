package io.mljobs.jobs.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormatsTest {

  private static final Transaction T =
      new Transaction(
          "t20261101-000123-p",
          Instant.parse("2026-11-01T13:45:12Z"),
          "c000042",
          "k000042-1",
          "m00017",
          "grocery",
          new BigDecimal("12.30"),
          "EUR",
          "pos",
          "DE",
          "chip");

  @Test
  void csvQuotesOnlyWhereNeeded() {
    assertEquals("a,b", CsvFormat.line("a", "b"));
    assertEquals("\"Smith, Jr.\",x", CsvFormat.line("Smith, Jr.", "x"));
    assertEquals("\"The \"\"Blue\"\" Bistro\"", CsvFormat.line("The \"Blue\" Bistro"));
    assertEquals("\"two\nlines\",,Müller", CsvFormat.line("two\nlines", "", "Müller"));
    assertEquals(List.of("Smith, Jr.", "x"), StrictCsv.parse(CsvFormat.line("Smith, Jr.", "x")));
  }

  @Test
  void jsonEscapesStringsAndKeepsFieldOrder() {
    String json =
        JsonLines.object()
            .field("a", "quote \" backslash \\ tab \t nl \n bell \u0007 ü \u2028")
            .rawField("n", "12.30")
            .field("z", null)
            .build();
    assertEquals(
        "{\"a\":\"quote \\\" backslash \\\\ tab \\t nl \\n bell \\u0007 ü \\u2028\","
            + "\"n\":12.30,\"z\":null}",
        json);
    Map<String, Object> parsed = MiniJson.parseObject(json);
    assertEquals("quote \" backslash \\ tab \t nl \n bell \u0007 ü \u2028", parsed.get("a"));
    assertEquals(List.of("a", "n", "z"), List.copyOf(parsed.keySet()));
  }

  @Test
  void transactionLinesUseTheSchemaOrder() {
    assertEquals(
        "transaction_id,event_ts,customer_id,card_id,merchant_id,merchant_category,amount,"
            + "currency,channel,country,entry_mode",
        DemoFormats.TRANSACTIONS_CSV_HEADER);
    assertEquals(
        "t20261101-000123-p,2026-11-01T13:45:12Z,c000042,k000042-1,m00017,grocery,12.30,EUR,pos,"
            + "DE,chip",
        DemoFormats.transactionCsv(T));
    assertEquals(
        "{\"transaction_id\":\"t20261101-000123-p\",\"event_ts\":\"2026-11-01T13:45:12Z\","
            + "\"customer_id\":\"c000042\",\"card_id\":\"k000042-1\",\"merchant_id\":\"m00017\","
            + "\"merchant_category\":\"grocery\",\"amount\":12.30,\"currency\":\"EUR\","
            + "\"channel\":\"pos\",\"country\":\"DE\",\"entry_mode\":\"chip\"}",
        DemoFormats.transactionJson(T));
    assertEquals(
        "t20261101-000123-p\t" + DemoFormats.transactionJson(T), DemoFormats.streamLine(T));
    assertEquals(
        List.copyOf(Transaction.COLUMNS),
        List.copyOf(MiniJson.parseObject(DemoFormats.transactionJson(T)).keySet()));
  }

  @Test
  void instantsAreIsoUtcWholeSeconds() {
    assertEquals("1969-12-31T23:59:59Z", DemoFormats.isoInstant(Instant.ofEpochSecond(-1)));
    assertEquals(
        "2026-11-01T00:00:00Z", DemoFormats.isoInstant(Instant.parse("2026-11-01T00:00:00.999Z")));
    assertEquals("12.30", DemoFormats.decimal(new BigDecimal("1.230E+1")));
  }

  @Test
  void needsQuotes() {
    assertTrue(CsvFormat.needsQuotes("a\rb"));
    assertFalse(CsvFormat.needsQuotes("plain text; ok"));
  }
}
