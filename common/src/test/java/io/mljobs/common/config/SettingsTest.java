package io.mljobs.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Typed reads with a lower bound: the value, the default, and an error naming the key. */
class SettingsTest {
  private final Settings job =
      Settings.of(
              ConfigFactory.parseString(
                  "jobs.profile { sample-rows = -5, threshold = 3, interval = 2m, timeout = 0s }"))
          .section("jobs")
          .section("profile");

  @Test
  void aBoundedNumberInRangeOrMissingIsReadAsIs() {
    assertEquals(3, job.integer("threshold", 120, 0));
    assertEquals(3L, job.longValue("threshold", 100_000L, 0));
    assertEquals(100_000L, job.longValue("missing", 100_000L, 0));
  }

  @Test
  void aNumberBelowItsBoundIsAConfigErrorNamingTheKey() {
    ConfigError longError =
        assertThrows(ConfigError.class, () -> job.longValue("sample-rows", 100_000L, 0));
    assertTrue(
        longError.getMessage().contains("'jobs.profile.sample-rows' must be at least 0, but is -5"),
        longError.getMessage());
    ConfigError intError = assertThrows(ConfigError.class, () -> job.integer("threshold", 1, 4));
    assertTrue(
        intError.getMessage().contains("'jobs.profile.threshold' must be at least 4, but is 3"),
        intError.getMessage());
  }

  @Test
  void aDurationThatIsNotAboveZeroIsAConfigErrorNamingTheKeyAndAnExample() {
    assertEquals(Duration.ofMinutes(2), job.positiveDuration("interval", Duration.ZERO, "30s"));
    assertEquals(
        Duration.ofSeconds(30), job.positiveDuration("missing", Duration.ofSeconds(30), "30s"));
    ConfigError zero =
        assertThrows(
            ConfigError.class, () -> job.positiveDuration("timeout", Duration.ofSeconds(5), "15s"));
    assertEquals("jobs.profile.timeout", zero.key());
    assertEquals(
        "Config key 'jobs.profile.timeout' must be a positive duration such as 15s, but is PT0S.",
        zero.getMessage());
  }
}
