package io.mljobs.jobs.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoDataGeneratorTest {

  private static final LocalDate START = LocalDate.of(2026, 11, 1);
  private static final DemoDataSpec SPEC =
      new DemoDataSpec(11L, START, 4, 2_000, 600, 40, null, 0.01);
  private static final DemoDataGenerator GENERATOR = new DemoDataGenerator(SPEC);

  private static List<FeedRow> rows(DemoDataGenerator generator, Feed feed, LocalDate date) {
    return generator.rows(feed, date).collect(Collectors.toList());
  }

  private static List<String> lines(DemoDataGenerator generator, Feed feed, LocalDate date) {
    return generator.rows(feed, date).map(FeedRow::line).collect(Collectors.toList());
  }

  @Test
  void sameSpecGivesSameRows() {
    DemoDataGenerator other = new DemoDataGenerator(SPEC);
    for (Feed feed : Feed.values()) {
      assertEquals(lines(GENERATOR, feed, START), lines(other, feed, START), feed.name());
    }
    assertEquals(GENERATOR.merchants(), other.merchants());
    assertEquals(GENERATOR.customers().toList(), other.customers().toList());
  }

  @Test
  void aDayDoesNotDependOnHowManyDaysAreGenerated() {
    DemoDataGenerator longer = new DemoDataGenerator(SPEC.withDays(9));
    for (Feed feed : Feed.values()) {
      assertEquals(
          lines(GENERATOR, feed, START.plusDays(3)), lines(longer, feed, START.plusDays(3)));
    }
  }

  @Test
  void otherSeedGivesOtherRows() {
    DemoDataGenerator other =
        new DemoDataGenerator(new DemoDataSpec(12L, START, 4, 2_000, 600, 40, null, 0.01));
    assertNotEquals(lines(GENERATOR, Feed.POS, START), lines(other, Feed.POS, START));
  }

  @Test
  void rowsAreCountedNumberedOrderedAndUniquelyIdentified() {
    Set<String> ids = new HashSet<>();
    for (LocalDate date : SPEC.dates()) {
      for (Feed feed : Feed.values()) {
        List<FeedRow> rows = rows(GENERATOR, feed, date);
        assertEquals(SPEC.rowsPerDay(feed), rows.size());
        assertEquals(SPEC.malformedPerDay(feed), rows.stream().filter(FeedRow::malformed).count());
        for (int i = 0; i < rows.size(); i++) {
          FeedRow row = rows.get(i);
          assertEquals(i + 1, row.rowNumber());
          Transaction t = row.transaction();
          assertTrue(ids.add(t.transactionId()), t.transactionId());
          String expectedId =
              String.format(
                  Locale.ROOT,
                  "t%s-%06d-%s",
                  date.toString().replace("-", ""),
                  i + 1,
                  feed.idSuffix());
          assertEquals(expectedId, t.transactionId());
          assertEquals(date, LocalDate.ofInstant(t.eventTs(), ZoneOffset.UTC));
          if (i > 0) {
            assertFalse(t.eventTs().isBefore(rows.get(i - 1).transaction().eventTs()));
          }
          assertEquals(2, t.amount().scale());
          assertFalse(row.line().contains("\n") || row.line().contains("\r"));
        }
      }
    }
  }

  @Test
  void validRowsParseBackToTheirTransactionAndMalformedRowsDoNot() {
    for (LocalDate date : SPEC.dates()) {
      for (Feed feed : Feed.values()) {
        for (FeedRow row : rows(GENERATOR, feed, date)) {
          var parsed = BronzeCheck.parse(feed, row.line());
          if (row.malformed()) {
            assertTrue(parsed.isEmpty(), () -> "should be malformed: " + row.line());
          } else {
            assertEquals(row.transaction(), parsed.orElseThrow(), row.line());
          }
        }
      }
    }
  }

  @Test
  void eachMalformedKindIsBrokenTheWayItSays() {
    Set<MalformedKind> seen = EnumSet.noneOf(MalformedKind.class);
    for (LocalDate date : SPEC.dates()) {
      for (Feed feed : Feed.values()) {
        for (FeedRow row : rows(GENERATOR, feed, date)) {
          if (!row.malformed()) {
            continue;
          }
          assertTrue(feed.malformedKinds().contains(row.malformedKind()));
          seen.add(row.malformedKind());
          assertBroken(row);
        }
      }
    }
    assertEquals(EnumSet.allOf(MalformedKind.class), seen);
  }

  private static void assertBroken(FeedRow row) {
    String line = row.line();
    switch (row.malformedKind()) {
      case CSV_NON_NUMERIC_AMOUNT -> {
        List<String> fields = StrictCsv.parse(line);
        assertEquals(11, fields.size());
        assertThrows(NumberFormatException.class, () -> new BigDecimal(fields.get(6)));
      }
      case CSV_WRONG_FIELD_COUNT -> {
        List<String> fields = StrictCsv.parse(line);
        assertTrue(fields.size() == 10 || fields.size() == 12, line);
        // Even a reader that pads or truncates to 11 columns finds text where the amount goes.
        assertThrows(NumberFormatException.class, () -> new BigDecimal(fields.get(6)));
      }
      case CSV_UNPARSEABLE_TIMESTAMP -> {
        List<String> fields = StrictCsv.parse(line);
        assertEquals(11, fields.size());
        assertThrows(DateTimeParseException.class, () -> Instant.parse(fields.get(1)));
      }
      case CSV_UNBALANCED_QUOTE -> {
        assertEquals(1, line.chars().filter(c -> c == '"').count(), line);
        assertThrows(IllegalArgumentException.class, () -> StrictCsv.parse(line));
      }
      case JSON_TRUNCATED -> {
        assertFalse(MiniJson.isJson(line), line);
        assertTrue(DemoFormats.transactionJson(row.transaction()).startsWith(line));
      }
      case JSON_NON_NUMERIC_AMOUNT -> {
        Object amount = MiniJson.parseObject(line).get("amount");
        assertTrue(amount instanceof String, line);
        assertThrows(NumberFormatException.class, () -> new BigDecimal((String) amount));
      }
      case JSON_MISSING_TRANSACTION_ID -> {
        Map<String, Object> json = MiniJson.parseObject(line);
        assertFalse(json.containsKey("transaction_id"));
        assertEquals(10, json.size());
      }
      case STREAM_NOT_JSON -> {
        String[] parts = line.split("\t", 2);
        assertEquals(row.transaction().transactionId(), parts[0]);
        assertFalse(MiniJson.isJson(parts[1]), line);
      }
    }
  }

  @Test
  void labelsArriveOneToTenDaysLateSkewedShort() {
    int[] byDelay = new int[11];
    for (LocalDate date : SPEC.dates()) {
      for (Feed feed : Feed.values()) {
        for (FeedRow row : rows(GENERATOR, feed, date)) {
          FraudLabel label = row.label();
          assertEquals(row.transaction().transactionId(), label.transactionId());
          long delay = date.until(label.arrivalDate()).getDays();
          assertTrue(delay >= 1 && delay <= 10, "delay " + delay);
          byDelay[(int) delay]++;
          LocalTime time = LocalTime.ofInstant(label.labelTs(), ZoneOffset.UTC);
          assertTrue(time.isBefore(LocalTime.of(6, 0)), time.toString());
          assertEquals(label.fraud(), !label.reasonCode().equals("genuine"));
        }
      }
    }
    assertTrue(byDelay[1] > byDelay[3] && byDelay[3] > byDelay[10], Arrays.toString(byDelay));
    assertTrue(byDelay[10] > 0);
  }

  @Test
  void fraudHasABaseRateAndDependsOnFeatures() {
    DemoDataGenerator generator = new DemoDataGenerator(SPEC.withRowsPerDay(20_000).withDays(2));
    Map<String, Merchant> merchants =
        generator.merchants().stream().collect(Collectors.toMap(Merchant::merchantId, m -> m));
    Map<String, String> homeCountry =
        generator.customers().collect(Collectors.toMap(Customer::customerId, Customer::country));
    Rate all = new Rate();
    Rate ecom = new Rate();
    Rate card = new Rate();
    Rate highRisk = new Rate();
    Rate lowRisk = new Rate();
    Rate crossBorder = new Rate();
    Rate domestic = new Rate();
    Rate night = new Rate();
    Rate day = new Rate();
    for (LocalDate date : generator.spec().dates()) {
      for (Feed feed : Feed.values()) {
        for (FeedRow row : rows(generator, feed, date)) {
          Transaction t = row.transaction();
          boolean fraud = row.label().fraud();
          all.add(fraud);
          (t.entryMode().equals("ecom") ? ecom : card).add(fraud);
          String risk = merchants.get(t.merchantId()).riskTier();
          if (!risk.equals("medium")) {
            (risk.equals("high") ? highRisk : lowRisk).add(fraud);
          }
          (t.country().equals(homeCountry.get(t.customerId())) ? domestic : crossBorder).add(fraud);
          (t.eventTs().atZone(ZoneOffset.UTC).getHour() < 6 ? night : day).add(fraud);
        }
      }
    }
    assertTrue(all.rate() > 0.01 && all.rate() < 0.02, "base rate " + all.rate());
    assertTrue(ecom.rate() > 1.5 * card.rate(), ecom.rate() + " vs " + card.rate());
    assertTrue(highRisk.rate() > 2 * lowRisk.rate(), highRisk.rate() + " vs " + lowRisk.rate());
    assertTrue(crossBorder.rate() > 1.5 * domestic.rate());
    assertTrue(night.rate() > 1.5 * day.rate(), night.rate() + " vs " + day.rate());
  }

  private static final class Rate {
    private long count;
    private long positives;

    void add(boolean positive) {
      count++;
      positives += positive ? 1 : 0;
    }

    double rate() {
      return (double) positives / count;
    }
  }

  @Test
  void merchantsCoverEveryRegularCategoryAndNoCryptoWithoutDrift() {
    List<Merchant> merchants = GENERATOR.merchants();
    assertEquals(SPEC.merchants(), merchants.size());
    Set<String> categories = merchants.stream().map(Merchant::category).collect(Collectors.toSet());
    assertEquals(10, categories.size());
    assertFalse(categories.contains("crypto_exchange"));
    for (int i = 0; i < merchants.size(); i++) {
      Merchant m = merchants.get(i);
      assertEquals(String.format(Locale.ROOT, "m%05d", i + 1), m.merchantId());
      assertTrue(Set.of("low", "medium", "high").contains(m.riskTier()));
      assertTrue(m.onboardedDate().isBefore(START));
    }
  }

  @Test
  void customersAreABaseSnapshotBeforeTheStartDate() {
    List<Customer> customers = GENERATOR.customers().toList();
    assertEquals(SPEC.customers(), customers.size());
    assertEquals("c000001", customers.get(0).customerId());
    var start = START.atStartOfDay(ZoneOffset.UTC).toInstant();
    for (Customer c : customers) {
      assertFalse(c.createdAt().isAfter(c.updatedAt()));
      assertTrue(c.updatedAt().isBefore(start));
      assertTrue(c.email().matches("[a-z0-9.]+@example\\.com"), c.email());
      assertEquals(2, c.creditLimit().scale());
    }
  }

  @Test
  void customerUpdatesChangeSegmentOrCreditLimitWithANewerTimestamp() {
    Map<String, Customer> base =
        GENERATOR.customers().collect(Collectors.toMap(Customer::customerId, c -> c));
    LocalDate date = START.plusDays(2);
    List<Customer> updates = GENERATOR.customerUpdates(date).toList();

    assertFalse(updates.isEmpty());
    assertTrue(updates.size() < SPEC.customers() / 20, "updates: " + updates.size());
    assertEquals(updates, GENERATOR.customerUpdates(date).toList());
    List<String> ids = updates.stream().map(Customer::customerId).toList();
    assertEquals(ids.stream().sorted().toList(), ids);
    for (Customer u : updates) {
      Customer b = base.get(u.customerId());
      assertTrue(
          !u.segment().equals(b.segment()) || u.creditLimit().compareTo(b.creditLimit()) != 0);
      assertEquals(date, LocalDate.ofInstant(u.updatedAt(), ZoneOffset.UTC));
      assertEquals(b.createdAt(), u.createdAt());
      assertEquals(b.name(), u.name());
      assertTrue(u.creditLimit().signum() > 0);
    }
    assertNotEquals(
        ids, GENERATOR.customerUpdates(date.plusDays(1)).map(Customer::customerId).toList());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> GENERATOR.customerUpdates(START.minusDays(1)));
    assertEquals("date must be on or after startDate (2026-11-01), was 2026-10-31", e.getMessage());
  }

  @Test
  void rowsOutsideTheRangeAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> GENERATOR.rows(Feed.POS, START.plusDays(4)));
    assertEquals("date must be within 2026-11-01..2026-11-04, was 2026-11-05", e.getMessage());
  }

  @Test
  void driftShiftsAmountsAndAddsCryptoExchangesFromTheDriftDateOnly() {
    LocalDate driftFrom = START.plusDays(2);
    DemoDataGenerator drifted = new DemoDataGenerator(SPEC.withDriftFrom(driftFrom));

    assertTrue(drifted.merchants().stream().anyMatch(m -> m.category().equals("crypto_exchange")));
    assertEquals(
        GENERATOR.merchants(),
        drifted.merchants().stream().filter(m -> !m.category().equals("crypto_exchange")).toList());

    List<Double> meanByDay = new ArrayList<>();
    for (LocalDate date : SPEC.dates()) {
      long crypto = 0;
      long total = 0;
      BigDecimal sum = BigDecimal.ZERO;
      for (Feed feed : Feed.values()) {
        List<FeedRow> base = rows(GENERATOR, feed, date);
        List<FeedRow> shifted = rows(drifted, feed, date);
        if (date.isBefore(driftFrom)) {
          assertEquals(base, shifted, "undrifted days must be identical");
        }
        for (int i = 0; i < shifted.size(); i++) {
          Transaction s = shifted.get(i).transaction();
          Transaction b = base.get(i).transaction();
          total++;
          sum = sum.add(s.amount());
          if (s.merchantCategory().equals("crypto_exchange")) {
            crypto++;
            continue;
          }
          // Untouched features are identical, row for row.
          assertEquals(b.eventTs(), s.eventTs());
          assertEquals(b.customerId(), s.customerId());
          assertEquals(b.cardId(), s.cardId());
          assertEquals(b.merchantId(), s.merchantId());
          assertEquals(b.merchantCategory(), s.merchantCategory());
          assertEquals(b.country(), s.country());
          assertEquals(b.currency(), s.currency());
          assertEquals(b.channel(), s.channel());
          assertEquals(b.entryMode(), s.entryMode());
        }
      }
      meanByDay.add(sum.doubleValue() / total);
      if (date.isBefore(driftFrom)) {
        assertEquals(0, crypto, date.toString());
      } else {
        double share = (double) crypto / total;
        assertTrue(share > 0.05 && share < 0.11, "crypto share " + share);
      }
    }
    double before = (meanByDay.get(0) + meanByDay.get(1)) / 2;
    for (double after : meanByDay.subList(2, 4)) {
      assertTrue(after > 1.5 * before, after + " vs " + before);
    }
  }

  @Test
  void driftScalesTheAmountOfUntouchedRows() {
    LocalDate driftFrom = START.plusDays(1);
    DemoDataGenerator drifted = new DemoDataGenerator(SPEC.withDriftFrom(driftFrom));
    List<FeedRow> base = rows(GENERATOR, Feed.POS, driftFrom);
    List<FeedRow> shifted = rows(drifted, Feed.POS, driftFrom);
    for (int i = 0; i < base.size(); i++) {
      Transaction s = shifted.get(i).transaction();
      if (!s.merchantCategory().equals("crypto_exchange")) {
        BigDecimal expected =
            base.get(i)
                .transaction()
                .amount()
                .multiply(new BigDecimal("1.6"))
                .add(new BigDecimal("5"))
                .setScale(2, RoundingMode.HALF_UP);
        assertEquals(expected, s.amount(), s.transactionId());
      }
    }
  }

  @Test
  void eventTimesFollowADailyProfile() {
    long night =
        rows(GENERATOR, Feed.POS, START).stream()
            .filter(r -> r.transaction().eventTs().atZone(ZoneOffset.UTC).getHour() < 6)
            .count();
    double share = (double) night / SPEC.rowsPerDay();
    assertTrue(share > 0.01 && share < 0.06, "night share " + share);
    Duration span =
        Duration.between(
            rows(GENERATOR, Feed.POS, START).get(0).transaction().eventTs(),
            START.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    assertTrue(span.toHours() >= 23);
  }
}
