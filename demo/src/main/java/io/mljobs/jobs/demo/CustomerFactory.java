package io.mljobs.jobs.demo;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Generates customers from one random stream per customer, so any customer can be rebuilt on its
 * own. The first draws form the profile that transactions need (home country, spend level, card
 * count); the constructor keeps just those in compact arrays.
 */
final class CustomerFactory {

  /** Share of customers updated per day by {@link #update}. */
  static final double DAILY_UPDATE_RATE = 0.005;

  private static final Weights CARD_COUNT_WEIGHTS = Weights.of(60, 30, 10);
  private static final int[][] CREDIT_LIMIT_RANGES = {
    {1_000, 5_000, 100}, {5_000, 25_000, 500}, {10_000, 50_000, 1_000}, {300, 1_500, 100}
  };

  private static final String[] FIRST_ASCII = ascii(DemoCatalog.FIRST_NAMES);
  private static final String[] LAST_ASCII = ascii(DemoCatalog.LAST_NAMES);

  private final DemoDataSpec spec;
  private final long startEpochSecond;

  /** Home country index per customer. */
  final byte[] homeCountry;

  /** Multiplier of the category's median amount for each customer: the customer's usual spend. */
  final double[] spendFactor;

  /** Number of cards per customer (1..3). */
  final byte[] cardCount;

  CustomerFactory(DemoDataSpec spec) {
    this.spec = spec;
    this.startEpochSecond = spec.startDate().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    int n = spec.customers();
    homeCountry = new byte[n];
    spendFactor = new double[n];
    cardCount = new byte[n];
    for (int i = 0; i < n; i++) {
      DemoRandom r = stream(i);
      homeCountry[i] = (byte) DemoCatalog.COUNTRY_WEIGHTS.index(r);
      spendFactor[i] = StrictMath.exp(0.35 * r.nextGaussian());
      cardCount[i] = (byte) (1 + CARD_COUNT_WEIGHTS.index(r));
    }
  }

  private DemoRandom stream(int index) {
    return DemoRandom.forStream(spec.seed(), DemoRandom.CUSTOMERS, index);
  }

  static String customerId(int index) {
    return appendZeroPadded(new StringBuilder(8).append('c'), index + 1, 6).toString();
  }

  static String cardId(int index, int card) {
    return appendZeroPadded(new StringBuilder(10).append('k'), index + 1, 6)
        .append('-')
        .append(card)
        .toString();
  }

  /** The base snapshot of customer {@code index} (0-based); updated_at is before startDate. */
  Customer customer(int index) {
    DemoRandom r = stream(index);
    // Profile draws, in the same order as the constructor.
    DemoCatalog.COUNTRY_WEIGHTS.index(r);
    r.nextGaussian();
    CARD_COUNT_WEIGHTS.index(r);

    int first = r.nextInt(DemoCatalog.FIRST_NAMES.length);
    int last = r.nextInt(DemoCatalog.LAST_NAMES.length);
    String name =
        DemoCatalog.FIRST_NAMES[first]
            + " "
            + DemoCatalog.LAST_NAMES[last]
            + (r.nextDouble() < 0.02 ? ", Jr." : "");
    String email = FIRST_ASCII[first] + "." + LAST_ASCII[last] + "." + (index + 1) + "@example.com";
    int segment = DemoCatalog.SEGMENT_WEIGHTS.index(r);
    int birthYear = segment == 3 ? r.nextInt(1999, 2007) : r.nextInt(1945, 2004);
    BigDecimal creditLimit = creditLimit(r, segment);
    long created = startEpochSecond - 86_400L - r.nextInt(8 * 365 * 86_400);
    long updated = created + (long) (r.nextDouble() * (startEpochSecond - created));
    return new Customer(
        customerId(index),
        name,
        email,
        birthYear,
        DemoCatalog.COUNTRIES[homeCountry[index]],
        DemoCatalog.SEGMENTS[segment],
        creditLimit,
        Instant.ofEpochSecond(created),
        Instant.ofEpochSecond(updated));
  }

  /**
   * Whether customer {@code index} gets an update on {@code date}: about {@value
   * #DAILY_UPDATE_RATE} of customers per day, plus one fixed pick per day so no day is empty.
   */
  boolean updatedOn(int index, LocalDate date) {
    long day = date.toEpochDay();
    long pick = DemoRandom.mixSeed(spec.seed(), DemoRandom.CUSTOMER_UPDATES, day);
    if (Math.floorMod(pick, spec.customers()) == index) {
      return true;
    }
    long h = DemoRandom.mixSeed(spec.seed(), DemoRandom.CUSTOMER_UPDATES, day, index);
    return (h >>> 11) * 0x1.0p-53 < DAILY_UPDATE_RATE;
  }

  /**
   * Customer {@code index} as updated on {@code date}: relative to the base snapshot, either the
   * segment (with a credit limit of the new segment) or only the credit limit changes, and
   * updated_at falls on {@code date}.
   */
  Customer update(int index, LocalDate date) {
    Customer base = customer(index);
    DemoRandom r =
        DemoRandom.forStream(spec.seed(), DemoRandom.CUSTOMER_UPDATES, date.toEpochDay(), index, 1);
    int baseSegment = segmentIndex(base.segment());
    int segment = baseSegment;
    BigDecimal creditLimit;
    if (r.nextDouble() < 0.4) {
      segment =
          (baseSegment + 1 + r.nextInt(DemoCatalog.SEGMENTS.length - 1))
              % DemoCatalog.SEGMENTS.length;
      creditLimit = creditLimit(r, segment);
    } else {
      int step = CREDIT_LIMIT_RANGES[segment][2];
      int delta = step * r.nextInt(1, 10) * (r.nextDouble() < 0.7 ? 1 : -1);
      BigDecimal changed = base.creditLimit().add(BigDecimal.valueOf(delta));
      if (changed.signum() <= 0) {
        changed = base.creditLimit().add(BigDecimal.valueOf(Math.abs(delta)));
      }
      creditLimit = changed.setScale(2);
    }
    long updated = date.atStartOfDay(ZoneOffset.UTC).toEpochSecond() + r.nextInt(86_400);
    return new Customer(
        base.customerId(),
        base.name(),
        base.email(),
        base.birthYear(),
        base.country(),
        DemoCatalog.SEGMENTS[segment],
        creditLimit,
        base.createdAt(),
        Instant.ofEpochSecond(updated));
  }

  private static int segmentIndex(String segment) {
    for (int i = 0; i < DemoCatalog.SEGMENTS.length; i++) {
      if (DemoCatalog.SEGMENTS[i].equals(segment)) {
        return i;
      }
    }
    throw new IllegalStateException("unknown segment " + segment);
  }

  private static BigDecimal creditLimit(DemoRandom r, int segment) {
    int[] range = CREDIT_LIMIT_RANGES[segment];
    int steps = (range[1] - range[0]) / range[2];
    return BigDecimal.valueOf(range[0] + (long) range[2] * r.nextInt(0, steps), 0).setScale(2);
  }

  /** Lower-case ASCII e-mail parts: accents dropped, anything but letters and digits removed. */
  private static String[] ascii(String[] names) {
    String[] result = new String[names.length];
    for (int i = 0; i < names.length; i++) {
      String decomposed = Normalizer.normalize(names[i], Normalizer.Form.NFD);
      result[i] = decomposed.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
    return result;
  }

  /** Appends {@code value} (not negative), left-padded with zeros to {@code width}. */
  static StringBuilder appendZeroPadded(StringBuilder sb, int value, int width) {
    int digits = 1;
    for (int rest = value; rest >= 10; rest /= 10) {
      digits++;
    }
    for (int i = digits; i < width; i++) {
      sb.append('0');
    }
    return sb.append(value);
  }
}
