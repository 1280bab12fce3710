package io.mljobs.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Config of datasets and checks, parsed and validated before Spark starts. */
class DatasetSpecsTest {

  static Map<String, DatasetSpec> parse(String datasets) {
    Settings mljobs =
        Settings.of(ConfigFactory.parseString("mljobs.datasets { " + datasets + " }").resolve())
            .section("mljobs");
    return DatasetSpecs.from(mljobs);
  }

  private static ConfigError error(String checks) {
    return assertThrows(
        ConfigError.class, () -> parse("pos { table = bronze.pos, checks = [ " + checks + " ] }"));
  }

  @Test
  void everyCheckTypeParsesIntoItsRecord() {
    DatasetSpec pos =
        parse(
                """
                pos {
                  table = "bronze.pos_transactions"
                  partition-column = _run_date
                  row-level = quarantine
                  checks = [
                    { type = completeness, column = amount, min = 0.99, severity = error }
                    { type = uniqueness, columns = [transaction_id] }
                    { type = range, column = amount, min = 0, max = 100000 }
                    { type = non-negative, column = amount, severity = warning }
                    { type = allowed-values, column = currency, values = [EUR, USD, GBP] }
                    { type = pattern, column = transaction_id, regex = "^t[0-9]+$" }
                    { type = quantile, column = amount, quantile = 0.5, min = 1, max = 500 }
                    { type = row-count, min = 1, max = 1000000 }
                    { type = freshness, column = event_ts, max-age = 2d }
                    { type = referential, column = merchant_id, table = "bronze.merchants", ref-column = merchant_id }
                    { type = sql, predicate = "amount < 1000 or currency = 'USD'", min-fraction = 0.9, name = small }
                  ]
                }
                """)
            .get("pos");
    assertEquals("bronze.pos_transactions", pos.table().toString());
    assertEquals(Optional.of("_run_date"), pos.partitionColumn());
    assertEquals("silver.pos", pos.silverTable().toString());
    assertEquals("quarantine.pos", pos.quarantineTable().toString());
    assertEquals(RowLevelMode.QUARANTINE, pos.rowLevel());
    assertEquals(11, pos.checks().size());
    assertEquals(
        new CheckSpec.Completeness("completeness(amount)", Severity.ERROR, "amount", 0.99),
        pos.checks().get(0));
    assertEquals(Severity.WARNING, pos.checks().get(3).severity());
    assertEquals(
        new CheckSpec.Freshness(
            "freshness(event_ts)", Severity.ERROR, "event_ts", Duration.ofDays(2)),
        pos.checks().get(8));
    assertEquals("small", pos.checks().get(10).name());
    assertTrue(pos.quarantines(pos.checks().get(2)), "strict error-level row checks quarantine");
    assertTrue(!pos.quarantines(pos.checks().get(0)), "a tolerance (min 0.99) gates instead");
    assertTrue(!pos.quarantines(pos.checks().get(3)), "warnings never quarantine");
    assertTrue(!pos.quarantines(pos.checks().get(1)), "dataset-level checks gate");
  }

  @Test
  void unknownCheckTypeSuggestsTheNearest() {
    ConfigError e = error("{ type = completness, column = amount }");
    assertEquals("mljobs.datasets.\"pos\".checks.0.type", e.key());
    assertTrue(e.getMessage().contains("did you mean 'completeness'?"), e.getMessage());
  }

  @Test
  void regexThatDoesNotCompileNamesTheKey() {
    ConfigError e =
        error(
            "{ type = range, column = a, min = 0 }, { type = pattern, column = id, regex = \"[a-\" }");
    assertTrue(e.key().endsWith("checks.1.regex"), e.key());
    assertTrue(e.getMessage().contains("not a valid regular expression"), e.getMessage());
  }

  @Test
  void missingColumnKey() {
    ConfigError e = error("{ type = non-negative }");
    assertTrue(e.key().endsWith("checks.0.column"), e.key());
    assertTrue(e.getMessage().contains("names the column it checks"), e.getMessage());
  }

  @Test
  void minAboveMax() {
    ConfigError e = error("{ type = range, column = amount, min = 10, max = 1 }");
    assertTrue(e.getMessage().contains("is greater than"), e.getMessage());
    ConfigError rows = error("{ type = row-count, min = 10, max = 1 }");
    assertTrue(rows.key().endsWith("checks.0.min"), rows.key());
  }

  @Test
  void unknownKeyInACheckAndBadSeverityAreNamed() {
    ConfigError e = error("{ type = non-negative, column = a, colum = b }");
    assertTrue(e.getMessage().contains("Unknown config key"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean 'column'?"), e.getMessage());
    ConfigError severity = error("{ type = non-negative, column = a, severity = fatal }");
    assertTrue(severity.key().endsWith("checks.0.severity"), severity.key());
  }

  @Test
  void duplicateDerivedNamesGetASuffix() {
    DatasetSpec pos =
        parse(
                "pos { table = bronze.pos, checks = [ { type = row-count, min = 1 }, { type = row-count, max = 5 } ] }")
            .get("pos");
    assertEquals("row-count#2", pos.checks().get(1).name());
  }

  @Test
  void anomalyChecksParseIntoStrategies() {
    DatasetSpec pos =
        parse(
                """
                pos {
                  table = bronze.pos
                  checks = [
                    { type = anomaly, metric = row-count, strategy = relative-rate-of-change, max-increase = 0.5, max-decrease = 0.5 }
                    { type = anomaly, metric = completeness, column = card_id, strategy = online-normal, upper-deviation-factor = 3, severity = warning }
                    { type = anomaly, metric = mean, column = amount, strategy = online-normal, min-history = 5 }
                  ]
                }
                """)
            .get("pos");
    assertEquals(
        new CheckSpec.Anomaly(
            "anomaly(row-count)",
            Severity.ERROR,
            "row-count",
            Optional.empty(),
            new AnomalyStrategy.RelativeRateOfChange(Optional.of(0.5), Optional.of(0.5)),
            1),
        pos.checks().get(0));
    assertEquals(
        new CheckSpec.Anomaly(
            "anomaly(completeness,card_id)",
            Severity.WARNING,
            "completeness",
            Optional.of("card_id"),
            new AnomalyStrategy.OnlineNormal(Optional.of(3.0), Optional.empty()),
            10),
        pos.checks().get(1));
    CheckSpec.Anomaly mean = (CheckSpec.Anomaly) pos.checks().get(2);
    assertEquals(
        new AnomalyStrategy.OnlineNormal(Optional.of(3.0), Optional.of(3.0)), mean.strategy());
    assertEquals(5, mean.minHistory());
    assertEquals(java.util.List.of("amount"), mean.columns());
    assertTrue(!pos.checks().get(0).rowLevel());
    assertEquals(
        5,
        new AnomalyStrategy.OnlineNormal(Optional.of(2.0), Optional.of(4.0)).defaultMinHistory());
  }

  @Test
  void anomalyConfigErrorsNameTheKey() {
    ConfigError strategy =
        error("{ type = anomaly, metric = row-count, strategy = relative-rate-of-chang }");
    assertTrue(strategy.key().endsWith("checks.0.strategy"), strategy.key());
    assertTrue(
        strategy.getMessage().contains("did you mean 'relative-rate-of-change'?"),
        strategy.getMessage());

    ConfigError metric = error("{ type = anomaly, metric = rowcount, strategy = online-normal }");
    assertTrue(metric.key().endsWith("checks.0.metric"), metric.key());
    assertTrue(metric.getMessage().contains("did you mean 'row-count'?"), metric.getMessage());

    ConfigError column =
        error("{ type = anomaly, metric = completeness, strategy = online-normal }");
    assertTrue(column.key().endsWith("checks.0.column"), column.key());

    ConfigError bounds =
        error("{ type = anomaly, metric = row-count, strategy = relative-rate-of-change }");
    assertTrue(bounds.getMessage().contains("needs max-increase"), bounds.getMessage());

    ConfigError decrease =
        error(
            "{ type = anomaly, metric = row-count, strategy = relative-rate-of-change,"
                + " max-decrease = 1.5 }");
    assertTrue(decrease.key().endsWith("checks.0.max-decrease"), decrease.key());

    ConfigError unknownKey =
        error(
            "{ type = anomaly, metric = row-count, strategy = online-normal, upper-deviaton-factor = 2 }");
    assertTrue(unknownKey.getMessage().contains("Unknown config key"), unknownKey.getMessage());
  }
}
