package io.mljobs.jobs.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A fraud label that arrives days after its transaction.
 *
 * @param transactionId the labelled transaction
 * @param fraud whether the transaction was fraudulent ({@code is_fraud} 1/0 in files)
 * @param labelTs arrival time of the label, UTC
 * @param reasonCode {@code genuine} for non-fraud, otherwise {@code cnp_fraud}, {@code
 *     lost_stolen}, {@code counterfeit} or {@code account_takeover}
 */
public record FraudLabel(String transactionId, boolean fraud, Instant labelTs, String reasonCode) {

  /** Column names in file order. */
  public static final List<String> COLUMNS =
      List.of("transaction_id", "is_fraud", "label_ts", "reason_code");

  /** The UTC date the label arrives on; it names the labels file. */
  public LocalDate arrivalDate() {
    return LocalDate.ofInstant(labelTs, ZoneOffset.UTC);
  }
}
