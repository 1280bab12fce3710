package io.mljobs.jobs.demo;

import java.time.LocalDate;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Generates the demo data of a {@link DemoDataSpec} as records and file lines, without any IO. Pure
 * and deterministic: every method returns the same values for the same spec, and rows of one (feed,
 * day) come from their own random stream, so they do not depend on which other days or feeds are
 * generated. Streams are lazy and sequential; a day of rows is never held in memory.
 *
 * <p>Fraud labels are attached to each {@link FeedRow}; a label arrives 1 to 10 days after its
 * transaction's day (skewed to short delays). Which labels get published, and in which file, is the
 * writer's business: see {@link DemoDataWriter}.
 */
public final class DemoDataGenerator {

  private final DemoDataSpec spec;
  private final MerchantDirectory merchants;
  private final CustomerFactory customers;

  /** Prepares merchants and compact customer profiles (a few bytes per customer). */
  public DemoDataGenerator(DemoDataSpec spec) {
    if (spec == null) {
      throw new IllegalArgumentException("spec must not be null");
    }
    this.spec = spec;
    this.merchants = new MerchantDirectory(spec);
    this.customers = new CustomerFactory(spec);
  }

  /** The spec this generator was built for. */
  public DemoDataSpec spec() {
    return spec;
  }

  /**
   * The merchants reference, ordered by id: {@code spec.merchants()} regular merchants, then, when
   * the spec has a drift date, the crypto exchanges onboarded on that date.
   */
  public List<Merchant> merchants() {
    return merchants.merchants();
  }

  /** The base customer snapshot, ordered by id; every updated_at is before the start date. */
  public Stream<Customer> customers() {
    return IntStream.range(0, spec.customers()).mapToObj(customers::customer);
  }

  /**
   * Customers updated on {@code date}, ordered by id: a subset (about 0.5%, never empty) whose
   * segment or credit limit differs from the base snapshot and whose updated_at falls on {@code
   * date}. Each day's update is relative to the base snapshot, so a customer updated on two days
   * may get the same values twice; its updated_at still moves forward.
   *
   * @throws IllegalArgumentException if {@code date} is before the start date
   */
  public Stream<Customer> customerUpdates(LocalDate date) {
    if (date == null || date.isBefore(spec.startDate())) {
      throw new IllegalArgumentException(
          "date must be on or after startDate (" + spec.startDate() + "), was " + date);
    }
    return IntStream.range(0, spec.customers())
        .filter(i -> customers.updatedOn(i, date))
        .mapToObj(i -> customers.update(i, date));
  }

  /**
   * The rows of {@code feed} on {@code date} in file order (event time ascending). Exactly {@link
   * DemoDataSpec#rowsPerDay(Feed)} rows, of which {@link DemoDataSpec#malformedPerDay(Feed)} are
   * malformed.
   *
   * @throws IllegalArgumentException if {@code date} is not a generated day
   */
  public Stream<FeedRow> rows(Feed feed, LocalDate date) {
    if (feed == null) {
      throw new IllegalArgumentException("feed must not be null");
    }
    if (date == null || !spec.covers(date)) {
      throw new IllegalArgumentException(
          "date must be within " + spec.startDate() + ".." + spec.endDate() + ", was " + date);
    }
    FeedDayRows rows = new FeedDayRows(spec, feed, date, customers, merchants);
    return StreamSupport.stream(
        Spliterators.spliterator(
            rows, rows.rows(), Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE),
        false);
  }
}
