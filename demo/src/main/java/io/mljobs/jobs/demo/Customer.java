package io.mljobs.jobs.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A customer row as loaded into PostgreSQL.
 *
 * @param customerId e.g. {@code c000042}
 * @param name full name, UTF-8 (may contain a comma, e.g. {@code "Smith, Jr."})
 * @param email ASCII e-mail address under {@code example.com}
 * @param birthYear year of birth
 * @param country ISO 3166-1 alpha-2 home country
 * @param segment {@code retail}, {@code premium}, {@code business} or {@code student}
 * @param creditLimit credit limit in EUR, scale 2
 * @param createdAt creation time, UTC
 * @param updatedAt last update time, UTC; the watermark column for incremental loads
 */
public record Customer(
    String customerId,
    String name,
    String email,
    int birthYear,
    String country,
    String segment,
    BigDecimal creditLimit,
    Instant createdAt,
    Instant updatedAt) {

  /** Column names in file order. */
  public static final List<String> COLUMNS =
      List.of(
          "customer_id",
          "name",
          "email",
          "birth_year",
          "country",
          "segment",
          "credit_limit",
          "created_at",
          "updated_at");
}
