package io.mljobs.jobs.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/**
 * Lazily generates one feed's rows for one day, in event-time order, from the random stream of
 * (seed, feed, day). Every row consumes the same fixed sequence of draws whatever the drift setting
 * or malformed rate, so features untouched by drift stay identical between specs that differ only
 * there.
 *
 * <p>Fraud is drawn per row from a logistic model of undrifted features: an amount spike of 3-8x
 * the customer's usual spend for the category (3% of rows), an unusually high lognormal draw, night
 * hours (00:00-05:59 UTC), the merchant's risk tier, a merchant country other than the customer's
 * home country, and card-not-present (ecom) entry. The base rate is about 1.5%.
 */
final class FeedDayRows implements Iterator<FeedRow> {

  /** Share of transactions that go to crypto exchanges on drifted days. */
  static final double CRYPTO_SHARE = 0.08;

  /** Drifted amount = undrifted amount × {@value} + {@link #DRIFT_AMOUNT_OFFSET}, in cents. */
  static final double DRIFT_AMOUNT_FACTOR = 1.6;

  /** Added to every amount on drifted days, in currency units. */
  static final double DRIFT_AMOUNT_OFFSET = 5.0;

  /** Share of rows whose amount is 3-8 times the customer's usual. */
  static final double SPIKE_SHARE = 0.03;

  private static final double FRAUD_BASE_LOGIT = -5.85;
  private static final double[] RISK_LOGIT = {0.0, 0.5, 1.4};
  private static final double[] HOUR_CUMULATIVE = hourCumulative();

  private final Feed feed;
  private final CustomerFactory customers;
  private final MerchantDirectory merchants;
  private final DemoRandom random;
  private final DemoRandom malformedRandom;
  private final int rows;
  private final int[] malformedRows;
  private final List<MalformedKind> kinds;
  private final boolean drifted;
  private final long dayStart;
  private final String idPrefix;
  private final String idSuffix;

  private int next;
  private int nextMalformed;
  private double position;

  FeedDayRows(
      DemoDataSpec spec,
      Feed feed,
      LocalDate date,
      CustomerFactory customers,
      MerchantDirectory merchants) {
    this.feed = feed;
    this.customers = customers;
    this.merchants = merchants;
    long day = date.toEpochDay();
    this.random = DemoRandom.forStream(spec.seed(), DemoRandom.FEED_ROWS, feed.code(), day);
    this.malformedRandom =
        DemoRandom.forStream(spec.seed(), DemoRandom.FEED_MALFORMED, feed.code(), day);
    this.rows = spec.rowsPerDay(feed);
    this.malformedRows = choose(malformedRandom, rows, spec.malformedPerDay(feed));
    this.kinds = feed.malformedKinds();
    this.drifted = spec.driftedOn(date);
    this.dayStart = date.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    this.idPrefix = "t" + date.toString().replace("-", "") + "-";
    this.idSuffix = "-" + feed.idSuffix();
  }

  /** Sorted, distinct 0-based row indexes (Floyd's sampling). */
  private static int[] choose(DemoRandom r, int n, int k) {
    TreeSet<Integer> chosen = new TreeSet<>();
    for (int j = n - k; j < n; j++) {
      int t = r.nextInt(j + 1);
      chosen.add(chosen.contains(t) ? j : t);
    }
    return chosen.stream().mapToInt(Integer::intValue).toArray();
  }

  int rows() {
    return rows;
  }

  @Override
  public boolean hasNext() {
    return next < rows;
  }

  @Override
  public FeedRow next() {
    if (next >= rows) {
      throw new NoSuchElementException();
    }
    DemoRandom r = random;
    // Event time: the next order statistic of `rows` uniforms, mapped through the daily profile.
    double w = 1.0 - r.nextDouble();
    position += (1.0 - position) * -StrictMath.expm1(StrictMath.log(w) / (rows - next));
    int secondOfDay = secondOfDay(position);
    double uCustomer = r.nextDouble();
    double uChannel = r.nextDouble();
    double uEntry = r.nextDouble();
    double uCategory = r.nextDouble();
    double uHome = r.nextDouble();
    double uMerchant = r.nextDouble();
    double uCrypto = r.nextDouble();
    double uCryptoMerchant = r.nextDouble();
    double uCard = r.nextDouble();
    double gaussian = r.nextGaussian();
    double uSpike = r.nextDouble();
    double uSpikeSize = r.nextDouble();
    double uFraud = r.nextDouble();
    double uDelay = r.nextDouble();
    double uReason = r.nextDouble();
    double uLabelTime = r.nextDouble();

    String channel = channel(uChannel);
    boolean pos = channel.equals("pos");
    String entryMode =
        pos ? (uEntry < 0.55 ? "chip" : uEntry < 0.95 ? "contactless" : "swipe") : "ecom";
    Category category =
        Category.REGULAR[(pos ? Category.POS_WEIGHTS : Category.ECOM_WEIGHTS).index(uCategory)];
    int customer = customerIndex(uCustomer, customers.spendFactor.length);
    int home = customers.homeCountry[customer];
    int merchant = merchants.pick(category, home, uHome < (pos ? 0.88 : 0.65), uMerchant);
    if (drifted && uCrypto < CRYPTO_SHARE && merchants.has(Category.CRYPTO_EXCHANGE)) {
      category = Category.CRYPTO_EXCHANGE;
      merchant = merchants.pick(category, home, false, uCryptoMerchant);
    }
    int card = 1 + (int) (uCard * customers.cardCount[customer]);

    boolean spike = uSpike < SPIKE_SHARE;
    double amount =
        category.medianAmount
            * customers.spendFactor[customer]
            * StrictMath.exp(category.sigma * gaussian)
            * (spike ? 3.0 + 5.0 * uSpikeSize : 1.0);
    long cents = Math.round(Math.min(25_000.0, Math.max(1.0, amount)) * 100.0);
    if (drifted) {
      cents = Math.round(cents * DRIFT_AMOUNT_FACTOR + DRIFT_AMOUNT_OFFSET * 100.0);
    }
    Merchant m = merchants.merchant(merchant);
    int merchantCountry = merchants.countryIndex(merchant);
    String country = DemoCatalog.COUNTRIES[merchantCountry];
    String transactionId =
        CustomerFactory.appendZeroPadded(new StringBuilder(20).append(idPrefix), next + 1, 6)
            .append(idSuffix)
            .toString();
    Transaction t =
        new Transaction(
            transactionId,
            Instant.ofEpochSecond(dayStart + secondOfDay),
            CustomerFactory.customerId(customer),
            CustomerFactory.cardId(customer, card),
            m.merchantId(),
            category.code,
            BigDecimal.valueOf(cents, 2),
            DemoCatalog.currency(country),
            channel,
            country,
            entryMode);

    // Fraud depends on the undrifted features, so the label mechanism itself does not drift.
    double logit =
        FRAUD_BASE_LOGIT
            + (spike ? 2.4 : 0.0)
            + (gaussian > 1.5 ? 0.5 : 0.0)
            + (secondOfDay < 6 * 3600 ? 1.0 : 0.0)
            + RISK_LOGIT[merchants.riskIndex(merchant)]
            + (merchantCountry != home ? 0.9 : 0.0)
            + (pos ? 0.0 : 0.7);
    boolean fraud = uFraud < 1.0 / (1.0 + StrictMath.exp(-logit));
    int delayDays = 1 + DemoCatalog.LABEL_DELAY_WEIGHTS.index(uDelay);
    long labelSecond = dayStart + delayDays * 86_400L + (long) (uLabelTime * 6 * 3600);
    FraudLabel label =
        new FraudLabel(
            transactionId,
            fraud,
            Instant.ofEpochSecond(labelSecond),
            reason(fraud, entryMode, uReason));

    int rowNumber = next + 1;
    MalformedKind kind = null;
    if (nextMalformed < malformedRows.length && malformedRows[nextMalformed] == next) {
      kind = kinds.get(nextMalformed % kinds.size());
      nextMalformed++;
    }
    next++;
    String line = kind != null ? Malformer.line(kind, t, malformedRandom.nextDouble()) : format(t);
    return new FeedRow(rowNumber, line, t, label, kind);
  }

  private String format(Transaction t) {
    return switch (feed) {
      case POS -> DemoFormats.transactionCsv(t);
      case WEB -> DemoFormats.transactionJson(t);
      case STREAM -> DemoFormats.streamLine(t);
    };
  }

  private String channel(double u) {
    return switch (feed) {
      case POS -> "pos";
      case WEB -> "web";
      case STREAM -> u < 0.75 ? "app" : u < 0.95 ? "web" : "pos";
    };
  }

  /** 30% of transactions come from the first 10% of customers. */
  private static int customerIndex(double u, int n) {
    int heavy = n / 10;
    int index;
    if (heavy > 0 && u < 0.3) {
      index = (int) (u / 0.3 * heavy);
    } else {
      double v = heavy > 0 ? (u - 0.3) / 0.7 : u;
      index = heavy + (int) (v * (n - heavy));
    }
    return Math.min(n - 1, Math.max(0, index));
  }

  private static String reason(boolean fraud, String entryMode, double u) {
    if (!fraud) {
      return "genuine";
    }
    return switch (entryMode) {
      case "ecom" -> u < 0.8 ? "cnp_fraud" : "account_takeover";
      case "swipe" -> "counterfeit";
      default -> u < 0.7 ? "lost_stolen" : "account_takeover";
    };
  }

  private static int secondOfDay(double position) {
    int hour = 0;
    while (hour < 23 && position >= HOUR_CUMULATIVE[hour + 1]) {
      hour++;
    }
    double low = HOUR_CUMULATIVE[hour];
    double high = HOUR_CUMULATIVE[hour + 1];
    int second = hour * 3600 + (int) ((position - low) / (high - low) * 3600);
    return Math.min(86_399, Math.max(0, second));
  }

  private static double[] hourCumulative() {
    double[] weights = DemoCatalog.HOURLY_WEIGHTS;
    double total = 0;
    for (double weight : weights) {
      total += weight;
    }
    double[] cumulative = new double[weights.length + 1];
    for (int h = 0; h < weights.length; h++) {
      cumulative[h + 1] = cumulative[h] + weights[h] / total;
    }
    cumulative[weights.length] = 1.0;
    return cumulative;
  }
}
