package io.mljobs.jobs.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One card payment, the schema shared by the POS, web and stream feeds. The fraud label is not part
 * of a transaction; it arrives later as a {@link FraudLabel}.
 *
 * @param transactionId unique id, {@code t<yyyyMMdd>-<seq>-<feed letter>}, e.g. {@code
 *     t20261101-000123-p}
 * @param eventTs event time, whole seconds, UTC
 * @param customerId e.g. {@code c000042}
 * @param cardId e.g. {@code k000042-1}
 * @param merchantId e.g. {@code m00017}
 * @param merchantCategory e.g. {@code grocery}
 * @param amount amount in {@code currency}, scale 2
 * @param currency ISO 4217 code: EUR, GBP or USD
 * @param channel {@code pos}, {@code web} or (stream only) {@code app}
 * @param country ISO 3166-1 alpha-2 country of the merchant
 * @param entryMode {@code chip}, {@code contactless}, {@code swipe} or {@code ecom}
 */
public record Transaction(
    String transactionId,
    Instant eventTs,
    String customerId,
    String cardId,
    String merchantId,
    String merchantCategory,
    BigDecimal amount,
    String currency,
    String channel,
    String country,
    String entryMode) {

  /** Column names in file order, for CSV headers and JSON keys. */
  public static final List<String> COLUMNS =
      List.of(
          "transaction_id",
          "event_ts",
          "customer_id",
          "card_id",
          "merchant_id",
          "merchant_category",
          "amount",
          "currency",
          "channel",
          "country",
          "entry_mode");
}
