package io.mljobs.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.config.ConfigError;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The anomaly strategies and history keys of issue 13 item 10, as config, before Spark starts. */
class AnomalyConfigTest {
  private static CheckSpec.Anomaly anomaly(String check) {
    return (CheckSpec.Anomaly)
        DatasetSpecsTest.parse("pos { table = bronze.pos, checks = [ " + check + " ] }")
            .get("pos")
            .checks()
            .get(0);
  }

  private static ConfigError error(String check) {
    return assertThrows(ConfigError.class, () -> anomaly(check));
  }

  @Test
  void newStrategiesParseWithTheirDefaults() {
    CheckSpec.Anomaly median =
        anomaly(
            "{ type = anomaly, metric = row-count, strategy = median, max-decrease = 0.5,"
                + " exclude-runs = [\"catch-up=true\", \"gate=failed\"] }");
    assertEquals(new AnomalyStrategy.Median(Optional.empty(), Optional.of(0.5)), median.strategy());
    assertEquals(7, median.window());
    assertEquals(3, median.minHistory());
    assertEquals(
        List.of(
            new CheckSpec.Anomaly.RunTag("catch-up", "true"),
            new CheckSpec.Anomaly.RunTag("gate", "failed")),
        median.excludeRuns());

    CheckSpec.Anomaly batch =
        anomaly("{ type = anomaly, metric = row-count, strategy = batch-normal, window = 10 }");
    assertEquals(
        new AnomalyStrategy.BatchNormal(Optional.of(3.0), Optional.of(3.0)), batch.strategy());
    assertEquals(10, batch.window());

    CheckSpec.Anomaly hw =
        anomaly("{ type = anomaly, metric = row-count, strategy = holt-winters }");
    assertEquals(14, hw.minHistory());
    assertEquals(0, hw.window());

    CheckSpec.Anomaly absolute =
        anomaly(
            "{ type = anomaly, metric = mean, column = amount, strategy = absolute-change,"
                + " max-increase = 5 }");
    assertEquals(
        new AnomalyStrategy.AbsoluteChange(Optional.of(5.0), Optional.empty()),
        absolute.strategy());
    assertEquals(0, absolute.window(), "every earlier run (it reads only the previous one)");
  }

  @Test
  void badHistoryKeysNameTheKey() {
    ConfigError tag =
        error(
            "{ type = anomaly, metric = row-count, strategy = median, max-increase = 1,"
                + " exclude-runs = [catch-up] }");
    assertTrue(tag.key().endsWith("checks.0.exclude-runs"), tag.key());
    assertTrue(tag.getMessage().contains("'catch-up', which is not tag=value"), tag.getMessage());

    ConfigError window =
        error(
            "{ type = anomaly, metric = row-count, strategy = median, max-increase = 1, window ="
                + " 2 }");
    assertTrue(window.key().endsWith("checks.0.window"), window.key());
    assertTrue(window.getMessage().contains("smaller than min-history (3)"), window.getMessage());

    ConfigError hw =
        error(
            "{ type = anomaly, metric = row-count, strategy = holt-winters, seasonality = yearly }");
    assertTrue(hw.key().endsWith("checks.0.seasonality"), hw.key());

    ConfigError bounds =
        error("{ type = anomaly, metric = row-count, strategy = absolute-change }");
    assertTrue(bounds.getMessage().contains("needs max-increase, max-decrease or both"));

    ConfigError unknown = error("{ type = anomaly, metric = row-count, strategy = medain }");
    assertTrue(unknown.getMessage().contains("did you mean 'median'?"), unknown.getMessage());
  }

  @Test
  void runTagsAreReadAndCannotReplaceTheTagsARunSetsItself() {
    io.mljobs.common.config.Settings ok =
        io.mljobs.common.config.Settings.of(
                com.typesafe.config.ConfigFactory.parseString(
                        "mljobs.quality.run-tags { catch-up = true }")
                    .resolve())
            .section("mljobs");
    assertEquals(java.util.Map.of("catch-up", "true"), QualitySettings.from(ok).runTags());
    io.mljobs.common.config.Settings bad =
        io.mljobs.common.config.Settings.of(
                com.typesafe.config.ConfigFactory.parseString(
                        "mljobs.quality.run-tags { gate = passed }")
                    .resolve())
            .section("mljobs");
    ConfigError e = assertThrows(ConfigError.class, () -> QualitySettings.from(bad));
    assertEquals("mljobs.quality.run-tags", e.key());
    assertTrue(e.getMessage().contains("sets the tag 'gate'"), e.getMessage());
  }
}
