package io.mljobs.jobs.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.job.JobFlags;
import io.mljobs.common.source.IngestColumns;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Which date partitions a per-date job ({@code check-quality}, {@code profile}, {@code
 * detect-drift}) works on, each on its own: the run date's (default), every date of a range ({@code
 * --from D1 --to D2}), or every date this run touched ({@code --dates touched}: the dates of the
 * rows whose {@code _run_date} is the run date, i.e. what that day's ingest delivered, however many
 * days they span). Read from the job's config section ({@code from}, {@code to}, {@code dates})
 * before Spark starts; the flags are shorthands for them.
 *
 * @param mode how the dates are chosen
 * @param from first date of a range
 * @param to last date of a range
 */
public record DateSelection(Mode mode, Optional<LocalDate> from, Optional<LocalDate> to) {
  /** How the dates are chosen. */
  public enum Mode {
    /** The run date only. */
    RUN_DATE,
    /** Every date from {@code from} to {@code to}, both included. */
    RANGE,
    /** The dates of the rows whose {@code _run_date} is the run date. */
    TOUCHED
  }

  /** The command-line flags of a per-date job, declared once for all of them. */
  public static final List<JobFlags.Flag> FLAGS =
      List.of(
          new JobFlags.Flag(
              "--from",
              "from",
              "YYYY-MM-DD",
              "First date partition to work on; each date is handled and reported on its own"
                  + " (with --to; without it, up to the run date)."),
          new JobFlags.Flag(
              "--to", "to", "YYYY-MM-DD", "Last date partition to work on (needs --from)."),
          new JobFlags.Flag(
              "--dates",
              "dates",
              "run-date|touched",
              "touched: every date of the rows this run's ingest delivered (_run_date = the run"
                  + " date), each on its own; run-date (default): the run date's partition."));

  /** The longest range one run accepts: a typo in a year should not start ten years of jobs. */
  static final int MAX_DATES = 3660;

  /** The selection in a job's config section ({@code mljobs.jobs.<job>}). */
  public static DateSelection from(Settings own) {
    Mode mode = own.choice("dates", Mode.class, Mode.RUN_DATE);
    Optional<LocalDate> from = own.optionalDate("from");
    Optional<LocalDate> to = own.optionalDate("to");
    if (mode == Mode.RANGE) {
      throw new ConfigError(
          own.fullKey("dates"),
          "Config key '"
              + own.fullKey("dates")
              + "' takes run-date or touched; give a range with from and to (--from, --to).");
    }
    if (to.isPresent() && from.isEmpty()) {
      throw new ConfigError(
          own.fullKey("to"),
          "Config key '"
              + own.fullKey("to")
              + "' needs '"
              + own.fullKey("from")
              + "' too (--from D1 --to D2).");
    }
    if (from.isEmpty()) {
      return new DateSelection(mode, Optional.empty(), Optional.empty());
    }
    if (mode == Mode.TOUCHED) {
      throw new ConfigError(
          own.fullKey("dates"),
          "Config key '"
              + own.fullKey("dates")
              + "' = touched and a date range ('"
              + own.fullKey("from")
              + "') both choose the dates: keep one.");
    }
    if (to.isPresent() && to.get().isBefore(from.get())) {
      throw new ConfigError(
          own.fullKey("to"),
          "Config key '"
              + own.fullKey("to")
              + "' ("
              + to.get()
              + ") is before '"
              + own.fullKey("from")
              + "' ("
              + from.get()
              + "). Swap them.");
    }
    if (to.isPresent() && from.get().plusDays(MAX_DATES).isBefore(to.get())) {
      throw new ConfigError(
          own.fullKey("from"),
          "The range "
              + from.get()
              + " .. "
              + to.get()
              + " ('"
              + own.fullKey("from")
              + "') spans more than "
              + MAX_DATES
              + " days; check the dates.");
    }
    return new DateSelection(Mode.RANGE, from, to);
  }

  /** The run date's partition only (the default). */
  public static DateSelection runDate() {
    return new DateSelection(Mode.RUN_DATE, Optional.empty(), Optional.empty());
  }

  /** True when the dates come from the data ({@link Mode#TOUCHED}). */
  public boolean touched() {
    return mode == Mode.TOUCHED;
  }

  /**
   * The dates of a {@link Mode#RUN_DATE} or {@link Mode#RANGE} selection, ascending. A range
   * without {@code to} ends at the run date.
   */
  public List<LocalDate> fixedDates(LocalDate runDate) {
    if (mode == Mode.RUN_DATE) {
      return List.of(runDate);
    }
    if (mode == Mode.TOUCHED) {
      throw new IllegalStateException("touched dates come from the data");
    }
    LocalDate last = to.orElse(runDate);
    List<LocalDate> dates = new ArrayList<>();
    for (LocalDate d = from.orElseThrow(); !d.isAfter(last); d = d.plusDays(1)) {
      dates.add(d);
    }
    return dates;
  }

  /**
   * The selected dates of {@code rows}, ascending: for {@link Mode#TOUCHED} the distinct dates of
   * {@code dateColumn} among the rows whose {@code _run_date} is {@code runDate} (one small Spark
   * job), else {@link #fixedDates}.
   *
   * @param label the table, for the message when it has no {@code _run_date}
   */
  public List<LocalDate> dates(
      Dataset<Row> rows, String dateColumn, LocalDate runDate, String label) {
    if (mode != Mode.TOUCHED) {
      return fixedDates(runDate);
    }
    if (!Arrays.asList(rows.columns()).contains(IngestColumns.RUN_DATE)) {
      throw new JobFailure(
          "--dates touched needs the "
              + IngestColumns.RUN_DATE
              + " column ingest writes, which "
              + label
              + " does not have. Give the dates with --from/--to instead.");
    }
    List<LocalDate> dates = new ArrayList<>();
    for (Row r :
        rows.where(col(IngestColumns.RUN_DATE).equalTo(lit(runDate.toString())))
            .select(dateOf(rows, dateColumn).as("d"))
            .where(col("d").isNotNull())
            .distinct()
            .orderBy("d")
            .collectAsList()) {
      dates.add(r.getDate(0).toLocalDate());
    }
    return dates;
  }

  /** How the selection reads in messages: "2026-06-01 .. 2026-06-05", "touched by 2026-06-05". */
  public String describe(LocalDate runDate) {
    return switch (mode) {
      case RUN_DATE -> runDate.toString();
      case RANGE -> from.orElseThrow() + " .. " + to.orElse(runDate);
      case TOUCHED -> "the dates of rows with " + IngestColumns.RUN_DATE + " = " + runDate;
    };
  }

  /**
   * The date of {@code column} in {@code rows}: its date for a timestamp (an event time), the value
   * as a date for a date or 'yyyy-MM-dd' string partition.
   */
  public static Column dateOf(Dataset<Row> rows, String column) {
    Column c = col("`" + column.replace("`", "``") + "`");
    for (StructField f : rows.schema().fields()) {
      if (f.name().equals(column)) {
        if (f.dataType() instanceof TimestampType || f.dataType() instanceof TimestampNTZType) {
          return functions.to_date(c);
        }
        return f.dataType().equals(DataTypes.DateType) ? c : c.cast(DataTypes.DateType);
      }
    }
    return c.cast(DataTypes.DateType);
  }
}
