package io.mljobs.jobs.demo;

import java.time.LocalDate;
import java.util.List;

/**
 * A merchant of the reference data set.
 *
 * @param merchantId e.g. {@code m00017}
 * @param name display name (may contain commas and quotes)
 * @param category merchant category, same values as {@link Transaction#merchantCategory()}
 * @param country ISO 3166-1 alpha-2 country
 * @param riskTier {@code low}, {@code medium} or {@code high}
 * @param onboardedDate date the merchant was onboarded
 */
public record Merchant(
    String merchantId,
    String name,
    String category,
    String country,
    String riskTier,
    LocalDate onboardedDate) {

  /** Column names in file order. */
  public static final List<String> COLUMNS =
      List.of("merchant_id", "name", "category", "country", "risk_tier", "onboarded_date");
}
