package io.mljobs.jobs.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class DemoDataSpecTest {

  private static final LocalDate START = LocalDate.of(2026, 11, 1);

  private static DemoDataSpec valid() {
    return new DemoDataSpec(7L, START, 3, 1_000, 500, 50, null, 0.002);
  }

  @Test
  void defaultsAreScaleOne() {
    DemoDataSpec spec = DemoDataSpec.defaults(42L, START, 7);

    assertEquals(5_000, spec.rowsPerDay(Feed.POS));
    assertEquals(3_000, spec.rowsPerDay(Feed.WEB));
    assertEquals(1_000, spec.rowsPerDay(Feed.STREAM));
    assertEquals(8_000, spec.customers());
    assertEquals(500, spec.merchants());
    assertNull(spec.driftFrom());
    assertEquals(0.002, spec.malformedRate());
    assertEquals(10, spec.malformedPerDay(Feed.POS));
    assertEquals(6, spec.malformedPerDay(Feed.WEB));
    assertEquals(1, spec.malformedPerDay(Feed.STREAM));
  }

  @Test
  void scaleMultipliesRowsPerDay() {
    DemoDataSpec x10 = DemoDataSpec.ofScale(10, 42L, START, 1);
    DemoDataSpec x100 = DemoDataSpec.ofScale(100, 42L, START, 1);

    assertEquals(50_000, x10.rowsPerDay(Feed.POS));
    assertEquals(30_000, x10.rowsPerDay(Feed.WEB));
    assertEquals(800_000, x100.rowsPerDay(Feed.POS) + x100.rowsPerDay(Feed.WEB));
    assertEquals(800_000, x100.customers());
    assertEquals(5_000, x100.merchants());
  }

  @Test
  void malformedRowsAtLeastOnePerFileFrom200RowsPerDay() {
    DemoDataSpec small = valid().withRowsPerDay(199);
    DemoDataSpec enough = valid().withRowsPerDay(200);

    assertEquals(0, small.malformedPerDay(Feed.STREAM));
    for (Feed feed : Feed.values()) {
      assertEquals(1, enough.malformedPerDay(feed), feed.name());
      assertEquals(0, enough.withMalformedRate(0.0).malformedPerDay(feed), feed.name());
    }
  }

  @Test
  void datesAndDrift() {
    DemoDataSpec spec = valid().withDriftFrom(START.plusDays(2));

    assertEquals(List.of(START, START.plusDays(1), START.plusDays(2)), spec.dates());
    assertEquals(START.plusDays(2), spec.endDate());
    assertEquals(false, spec.driftedOn(START.plusDays(1)));
    assertEquals(true, spec.driftedOn(START.plusDays(2)));
    assertEquals(false, spec.covers(START.minusDays(1)));
    assertEquals(false, spec.covers(START.plusDays(3)));
  }

  @Test
  void validationMessagesNameTheParameter() {
    DemoDataSpec v = valid();
    assertMessage(
        "startDate must not be null", () -> new DemoDataSpec(1, null, 1, 1, 1, 10, null, 0.0));
    assertMessage("days must be between 1 and 3660, was 0", () -> v.withDays(0));
    assertMessage("rowsPerDay must be between 1 and 5000000, was -5", () -> v.withRowsPerDay(-5));
    assertMessage("customers must be between 1 and 9999999, was 0", () -> v.withPopulation(0, 50));
    assertMessage("merchants must be between 10 and 99999, was 9", () -> v.withPopulation(500, 9));
    assertMessage(
        "malformedRate must be between 0.0 and 0.1, was 0.5", () -> v.withMalformedRate(0.5));
    assertMessage(
        "malformedRate must be between 0.0 and 0.1, was NaN",
        () -> v.withMalformedRate(Double.NaN));
    assertMessage(
        "malformedRate must be between 0.0 and 0.1, was -0.001", () -> v.withMalformedRate(-0.001));
    assertMessage(
        "driftFrom must be after startDate (2026-11-01) so that undrifted days exist,"
            + " was 2026-11-01",
        () -> v.withDriftFrom(START));
    assertMessage(
        "scale must be between 1 and 1000, was 0", () -> DemoDataSpec.ofScale(0, 1L, START, 1));
  }

  private static void assertMessage(String expected, Executable executable) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable);
    assertEquals(expected, e.getMessage());
  }
}
