package io.mljobs.jobs.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What demo data to generate. The same spec always yields byte-identical files, and each day's data
 * depends only on the spec's seed, sizes and drift date, not on {@code days}: generating fewer days
 * gives a prefix of the files of more days.
 *
 * @param seed seed of every random stream
 * @param startDate first generated day (UTC)
 * @param days number of generated days, 1..{@value #MAX_DAYS}
 * @param rowsPerDay POS rows per day; the other feeds scale with {@link Feed#volumeShare()} (web
 *     0.6, stream 0.2), see {@link #rowsPerDay(Feed)}
 * @param customers number of customers, 1..{@value #MAX_CUSTOMERS}
 * @param merchants number of regular merchants, {@value #MIN_MERCHANTS}..{@value #MAX_MERCHANTS}
 *     (plus crypto exchanges when {@code driftFrom} is set)
 * @param driftFrom first drifted day, after {@code startDate}, or {@code null} for no drift; it may
 *     lie after the last generated day
 * @param malformedRate share of deliberately malformed rows in the POS and web files, 0..0.1; the
 *     stream gets half of it as poison messages
 */
public record DemoDataSpec(
    long seed,
    LocalDate startDate,
    int days,
    int rowsPerDay,
    int customers,
    int merchants,
    LocalDate driftFrom,
    double malformedRate) {

  /** Default share of malformed rows per file (0.2%). */
  public static final double DEFAULT_MALFORMED_RATE = 0.002;

  /** POS rows per day at scale 1 (web gets 3,000, the stream 1,000). */
  public static final int POS_ROWS_PER_DAY_AT_SCALE_1 = 5_000;

  /** Customers at scale 1. */
  public static final int CUSTOMERS_AT_SCALE_1 = 8_000;

  /** Regular merchants at scale 1; they grow with scale up to {@value #MAX_DEFAULT_MERCHANTS}. */
  public static final int MERCHANTS_AT_SCALE_1 = 500;

  /** Largest merchant count a scale gives. */
  public static final int MAX_DEFAULT_MERCHANTS = 5_000;

  /** Largest scale factor. */
  public static final int MAX_SCALE = 1_000;

  /** Largest number of days. */
  public static final int MAX_DAYS = 3_660;

  /** Largest rows per day. */
  public static final int MAX_ROWS_PER_DAY = 5_000_000;

  /** Largest customer count. */
  public static final int MAX_CUSTOMERS = 9_999_999;

  /** Smallest merchant count: one merchant per regular category. */
  public static final int MIN_MERCHANTS = 10;

  /** Largest merchant count. */
  public static final int MAX_MERCHANTS = 99_999;

  /** Largest malformed rate. */
  public static final double MAX_MALFORMED_RATE = 0.1;

  /** Validates every parameter; messages name the parameter and the rejected value. */
  public DemoDataSpec {
    if (startDate == null) {
      throw new IllegalArgumentException("startDate must not be null");
    }
    requireRange("days", days, 1, MAX_DAYS);
    requireRange("rowsPerDay", rowsPerDay, 1, MAX_ROWS_PER_DAY);
    requireRange("customers", customers, 1, MAX_CUSTOMERS);
    requireRange("merchants", merchants, MIN_MERCHANTS, MAX_MERCHANTS);
    if (!(malformedRate >= 0.0 && malformedRate <= MAX_MALFORMED_RATE)) {
      throw new IllegalArgumentException(
          "malformedRate must be between 0.0 and " + MAX_MALFORMED_RATE + ", was " + malformedRate);
    }
    if (driftFrom != null && !driftFrom.isAfter(startDate)) {
      throw new IllegalArgumentException(
          "driftFrom must be after startDate ("
              + startDate
              + ") so that undrifted days exist, was "
              + driftFrom);
    }
    if (startDate.plusDays(days).getYear() > 9999) {
      throw new IllegalArgumentException(
          "startDate plus days must stay within year 9999, was " + startDate + " + " + days);
    }
  }

  /** Scale 1 defaults: 5,000 POS, 3,000 web and 1,000 stream rows per day, no drift. */
  public static DemoDataSpec defaults(long seed, LocalDate startDate, int days) {
    return ofScale(1, seed, startDate, days);
  }

  /**
   * Defaults multiplied by {@code scale} (1..{@value #MAX_SCALE}): rows per day and customers grow
   * linearly, merchants up to {@value #MAX_DEFAULT_MERCHANTS}. Scale 100 is 500,000 POS plus
   * 300,000 web rows per day.
   */
  public static DemoDataSpec ofScale(int scale, long seed, LocalDate startDate, int days) {
    requireRange("scale", scale, 1, MAX_SCALE);
    return new DemoDataSpec(
        seed,
        startDate,
        days,
        POS_ROWS_PER_DAY_AT_SCALE_1 * scale,
        CUSTOMERS_AT_SCALE_1 * scale,
        Math.min(MERCHANTS_AT_SCALE_1 * scale, MAX_DEFAULT_MERCHANTS),
        null,
        DEFAULT_MALFORMED_RATE);
  }

  /** This spec with another number of days. */
  public DemoDataSpec withDays(int newDays) {
    return new DemoDataSpec(
        seed, startDate, newDays, rowsPerDay, customers, merchants, driftFrom, malformedRate);
  }

  /** This spec with another POS rows per day. */
  public DemoDataSpec withRowsPerDay(int newRowsPerDay) {
    return new DemoDataSpec(
        seed, startDate, days, newRowsPerDay, customers, merchants, driftFrom, malformedRate);
  }

  /** This spec with other customer and merchant counts. */
  public DemoDataSpec withPopulation(int newCustomers, int newMerchants) {
    return new DemoDataSpec(
        seed, startDate, days, rowsPerDay, newCustomers, newMerchants, driftFrom, malformedRate);
  }

  /** This spec with another drift date ({@code null}: no drift). */
  public DemoDataSpec withDriftFrom(LocalDate newDriftFrom) {
    return new DemoDataSpec(
        seed, startDate, days, rowsPerDay, customers, merchants, newDriftFrom, malformedRate);
  }

  /** This spec with another malformed rate. */
  public DemoDataSpec withMalformedRate(double newMalformedRate) {
    return new DemoDataSpec(
        seed, startDate, days, rowsPerDay, customers, merchants, driftFrom, newMalformedRate);
  }

  /** The last generated day (inclusive). */
  public LocalDate endDate() {
    return startDate.plusDays(days - 1L);
  }

  /** All generated days in order. */
  public List<LocalDate> dates() {
    List<LocalDate> dates = new ArrayList<>(days);
    for (int i = 0; i < days; i++) {
      dates.add(startDate.plusDays(i));
    }
    return Collections.unmodifiableList(dates);
  }

  /** Whether {@code date} is a generated day. */
  public boolean covers(LocalDate date) {
    return !date.isBefore(startDate) && !date.isAfter(endDate());
  }

  /** Whether {@code date} is drifted: a drift date is set and {@code date} is on or after it. */
  public boolean driftedOn(LocalDate date) {
    return driftFrom != null && !date.isBefore(driftFrom);
  }

  /** Rows per day of {@code feed}: {@code rowsPerDay} times the feed's share, at least 1. */
  public int rowsPerDay(Feed feed) {
    return Math.max(1, (int) Math.round(rowsPerDay * feed.volumeShare()));
  }

  /**
   * Malformed rows per day of {@code feed}: round(rows × rate), halved for the stream; at least 1
   * per file when {@code rowsPerDay >= 200} and the rate is not zero.
   */
  public int malformedPerDay(Feed feed) {
    double rate = feed == Feed.STREAM ? malformedRate / 2 : malformedRate;
    int rows = rowsPerDay(feed);
    int count = (int) Math.round(rows * rate);
    if (rowsPerDay >= 200 && malformedRate > 0) {
      count = Math.max(1, count);
    }
    return Math.min(count, rows);
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", was " + value);
    }
  }
}
