package io.mljobs.jobs.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a strict bronze loader would do with one feed line: the parsed transaction, or empty when
 * the line belongs in quarantine.
 */
final class BronzeCheck {

  private static final Pattern TRANSACTION_ID = Pattern.compile("t\\d{8}-\\d{6,}-[pws]");
  private static final Pattern CUSTOMER_ID = Pattern.compile("c\\d{6,}");
  private static final Pattern CARD_ID = Pattern.compile("k\\d{6,}-[1-3]");
  private static final Pattern MERCHANT_ID = Pattern.compile("m\\d{5,}");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final Set<String> CURRENCIES = Set.of("EUR", "GBP", "USD");
  private static final Set<String> CHANNELS = Set.of("pos", "web", "app");
  private static final Set<String> ENTRY_MODES = Set.of("chip", "contactless", "swipe", "ecom");

  private BronzeCheck() {}

  /** The transaction in {@code line} of {@code feed}, or empty if the line is malformed. */
  static Optional<Transaction> parse(Feed feed, String line) {
    try {
      return Optional.of(
          switch (feed) {
            case POS -> fromFields(StrictCsv.parse(line));
            case WEB -> fromJson(MiniJson.parseObject(line), null);
            case STREAM -> fromStream(line);
          });
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Transaction fromStream(String line) {
    int tab = line.indexOf('\t');
    if (tab <= 0) {
      throw new IllegalArgumentException("no key");
    }
    return fromJson(MiniJson.parseObject(line.substring(tab + 1)), line.substring(0, tab));
  }

  private static Transaction fromJson(Map<String, Object> json, String key) {
    if (json.size() != Transaction.COLUMNS.size()) {
      throw new IllegalArgumentException("wrong number of keys");
    }
    List<String> fields = new ArrayList<>();
    for (String column : Transaction.COLUMNS) {
      Object value = json.get(column);
      if (column.equals("amount")) {
        if (!(value instanceof BigDecimal)) {
          throw new IllegalArgumentException("amount is not a JSON number");
        }
        fields.add(((BigDecimal) value).toPlainString());
      } else if (value instanceof String) {
        fields.add((String) value);
      } else {
        throw new IllegalArgumentException("missing or non-string " + column);
      }
    }
    Transaction t = fromFields(fields);
    if (key != null && !key.equals(t.transactionId())) {
      throw new IllegalArgumentException("key differs from transaction_id");
    }
    return t;
  }

  private static Transaction fromFields(List<String> f) {
    if (f.size() != Transaction.COLUMNS.size()) {
      throw new IllegalArgumentException("wrong field count " + f.size());
    }
    require(TRANSACTION_ID.matcher(f.get(0)).matches(), "transaction_id");
    Instant eventTs = Instant.parse(f.get(1));
    require(eventTs.toString().equals(f.get(1)), "event_ts format");
    require(CUSTOMER_ID.matcher(f.get(2)).matches(), "customer_id");
    require(CARD_ID.matcher(f.get(3)).matches(), "card_id");
    require(MERCHANT_ID.matcher(f.get(4)).matches(), "merchant_id");
    require(!f.get(5).isEmpty(), "merchant_category");
    BigDecimal amount;
    try {
      amount = new BigDecimal(f.get(6));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("amount", e);
    }
    require(amount.scale() == 2 && amount.signum() > 0, "amount scale/sign");
    require(CURRENCIES.contains(f.get(7)), "currency");
    require(CHANNELS.contains(f.get(8)), "channel");
    require(COUNTRY.matcher(f.get(9)).matches(), "country");
    require(ENTRY_MODES.contains(f.get(10)), "entry_mode");
    return new Transaction(
        f.get(0), eventTs, f.get(2), f.get(3), f.get(4), f.get(5), amount, f.get(7), f.get(8),
        f.get(9), f.get(10));
  }

  private static void require(boolean condition, String what) {
    if (!condition) {
      throw new IllegalArgumentException("invalid " + what);
    }
  }
}
