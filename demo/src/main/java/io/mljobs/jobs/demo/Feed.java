package io.mljobs.jobs.demo;

import java.time.LocalDate;
import java.util.List;

/** The three daily transaction feeds and where their files go under the output directory. */
public enum Feed {
  /**
   * Point-of-sale transactions, CSV with header, channel {@code pos}. One record per physical line:
   * read it with a line-based parser (see {@link MalformedKind#CSV_UNBALANCED_QUOTE}).
   */
  POS(1, 'p', "raw/pos/transactions_", ".csv", 1.0),
  /** Web transactions, JSON lines, channel {@code web}. */
  WEB(2, 'w', "raw/web/transactions_", ".jsonl", 0.6),
  /**
   * Event stream for Kafka, one {@code key<TAB>json-value} line per event, channel mostly {@code
   * app}.
   */
  STREAM(3, 's', "raw/stream/events_", ".jsonl", 0.2);

  private final long code;
  private final char idSuffix;
  private final String pathPrefix;
  private final String extension;
  private final double volumeShare;

  Feed(long code, char idSuffix, String pathPrefix, String extension, double volumeShare) {
    this.code = code;
    this.idSuffix = idSuffix;
    this.pathPrefix = pathPrefix;
    this.extension = extension;
    this.volumeShare = volumeShare;
  }

  /** Path of the feed's file for {@code date}, relative to the output directory, with '/'. */
  public String relativePath(LocalDate date) {
    return pathPrefix + date + extension;
  }

  /** The letter that ends this feed's transaction ids. */
  public char idSuffix() {
    return idSuffix;
  }

  /** Rows per day of this feed relative to {@link DemoDataSpec#rowsPerDay()} (POS = 1.0). */
  public double volumeShare() {
    return volumeShare;
  }

  /** The kinds of malformed rows this feed contains, in the order they are assigned. */
  public List<MalformedKind> malformedKinds() {
    return switch (this) {
      case POS ->
          List.of(
              MalformedKind.CSV_NON_NUMERIC_AMOUNT,
              MalformedKind.CSV_WRONG_FIELD_COUNT,
              MalformedKind.CSV_UNPARSEABLE_TIMESTAMP,
              MalformedKind.CSV_UNBALANCED_QUOTE);
      case WEB ->
          List.of(
              MalformedKind.JSON_TRUNCATED,
              MalformedKind.JSON_NON_NUMERIC_AMOUNT,
              MalformedKind.JSON_MISSING_TRANSACTION_ID);
      case STREAM -> List.of(MalformedKind.STREAM_NOT_JSON);
    };
  }

  /** Stable number used to derive this feed's random streams; never renumber. */
  long code() {
    return code;
  }
}
