package io.mljobs.jobs.demo;

/**
 * One generated line of a feed file, with the records it was made from.
 *
 * <p>For a malformed row, {@code transaction} and {@code label} describe what the row was generated
 * from before it was broken; the writer publishes no label for it, since the row never reaches
 * bronze.
 *
 * @param rowNumber 1-based data row number in the file (a CSV header is not counted)
 * @param line the text of the line, without the line terminator
 * @param transaction the transaction behind the line
 * @param label the label of that transaction
 * @param malformedKind how the line is broken, or {@code null} for a valid line
 */
public record FeedRow(
    int rowNumber,
    String line,
    Transaction transaction,
    FraudLabel label,
    MalformedKind malformedKind) {

  /** Whether this row was deliberately broken. */
  public boolean malformed() {
    return malformedKind != null;
  }
}
