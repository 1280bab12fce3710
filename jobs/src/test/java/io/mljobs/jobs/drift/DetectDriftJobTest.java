package io.mljobs.jobs.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.testing.SharedSpark;
import io.mljobs.jobs.DemoConfigRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * detect-drift with the shipped demo config (conf/pipelines/demo/drift.conf) on demo data that
 * drifts from 2026-11-05: drift on amount and merchant_category on that date, none the day before,
 * and never on the untouched entry_mode; --fail-on-drift exits 4; a re-run replaces the date's
 * rows.
 */
@ExtendWith(SharedSpark.class)
class DetectDriftJobTest {
  private static final LocalDate LAST = LocalDate.of(2026, 11, 7);
  private static final LocalDate DRIFT_FROM = LocalDate.of(2026, 11, 5);
  @TempDir Path tmp;
  private DemoConfigRunner demo;

  @BeforeEach
  void demoConfig() {
    demo = DemoConfigRunner.generating(tmp, 7, 600);
  }

  /** Runs {@code job} with overrides "key=value". */
  private int run(String job, LocalDate date, String runId, String... sets) {
    Map<String, String> extra = new LinkedHashMap<>();
    for (String set : sets) {
      extra.put(set.substring(0, set.indexOf('=')), set.substring(set.indexOf('=') + 1));
    }
    return demo.run(job, date, runId, extra);
  }

  private Set<String> driftedFeatures(SparkSession spark, LocalDate date) {
    List<Row> rows =
        spark
            .sql(
                "SELECT DISTINCT feature FROM delta.`"
                    + tmp.resolve("warehouse/quality/drift")
                    + "` WHERE run_date = DATE'"
                    + date
                    + "' AND feature_verdict = 'drift' AND feature <> '*'")
            .collectAsList();
    Set<String> names = new TreeSet<>();
    rows.forEach(r -> names.add(r.getString(0)));
    return names;
  }

  @Test
  void driftIsFoundFromTheInjectedDateOnShiftedFeaturesOnly(SparkSession spark) throws Exception {
    assertEquals(0, run("generate-demo-data", LAST, "gen"), demo.err());
    assertEquals(0, run("ingest-files", LAST, "ingest"), demo.err());
    assertEquals(0, run("check-quality", LAST, "quality"), demo.err() + "\n" + demo.out());

    for (LocalDate date : List.of(DRIFT_FROM.minusDays(1))) {
      assertEquals(0, run("detect-drift", date, "drift-" + date), demo.err() + "\n" + demo.out());
      assertEquals(Set.of(), driftedFeatures(spark, date), date + "\n" + demo.out());
    }
    for (LocalDate date : List.of(DRIFT_FROM)) {
      assertEquals(
          4,
          run("detect-drift", date, "drift-" + date, "mljobs.jobs.detect-drift.fail-on-drift=true"),
          demo.err() + "\n" + demo.out());
      Set<String> drifted = driftedFeatures(spark, date);
      assertTrue(drifted.containsAll(Set.of("amount", "merchant_category")), date + " " + drifted);
      assertTrue(!drifted.contains("entry_mode"), date + " " + drifted);
    }
    String newCategories =
        spark
            .sql(
                "SELECT detail FROM delta.`"
                    + tmp.resolve("warehouse/quality/drift")
                    + "` WHERE run_date = DATE'"
                    + DRIFT_FROM
                    + "' AND feature = 'merchant_category' AND statistic = 'new_categories'")
            .first()
            .getString(0);
    assertTrue(newCategories.contains("crypto"), newCategories);

    // The manifest names the mode of every feature and every new or vanished category.
    Map<String, Object> metrics = demo.manifest().metrics();
    assertEquals(
        Map.of(
            "amount", "exact",
            "merchant_category", "exact",
            "entry_mode", "exact",
            "country", "exact",
            "currency", "exact"),
        metrics.get("drift.pos_transactions.modes"),
        "the demo's sides fit exact-max-rows");
    assertEquals(
        List.of("crypto_exchange"),
        ((Map<?, ?>) metrics.get("drift.pos_transactions.new_categories"))
            .get("merchant_category"));
    assertEquals(
        Set.of("exact"),
        new TreeSet<>(
            spark
                .sql(
                    "SELECT DISTINCT mode FROM delta.`"
                        + tmp.resolve("warehouse/quality/drift")
                        + "` WHERE run_date = DATE'"
                        + DRIFT_FROM
                        + "' AND feature <> '*'")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList()));

    // The report of the last run exists and holds one chart per compared feature.
    Path report =
        tmp.resolve(
            "warehouse/_reports/detect-drift/" + DRIFT_FROM + "/drift-" + DRIFT_FROM + ".html");
    String html = Files.readString(report);
    assertEquals(5, html.split("<svg class=\"chart\"", -1).length - 1);
    // check-quality checked every event date the ingest touched (the demo's dates = touched), so
    // the report shows this date's quality results.
    assertTrue(html.contains("<table id=\"quality\">"), "the date's quality results are shown");
    assertTrue(!html.contains("id=\"quality-none\""), "the quality section is not empty");

    // Item 3: a re-run of the same run id keeps the stored rows and the first report, and exits
    // by the stored verdict. Under other config (another binning, whose fresh values would
    // differ) it is refused before anything is computed or written (exit 2, --rerun named).
    Path firstReport =
        tmp.resolve(
            "warehouse/_reports/detect-drift/" + DRIFT_FROM + "/drift-" + DRIFT_FROM + ".html");
    List<Row> storedRows = psiRows(spark, DRIFT_FROM);
    assertEquals(
        2,
        run(
            "detect-drift",
            DRIFT_FROM,
            "drift-" + DRIFT_FROM,
            "mljobs.jobs.detect-drift.fail-on-drift=true",
            "mljobs.jobs.detect-drift.binning=sturges"),
        demo.err() + "\n" + demo.out());
    assertTrue(demo.err().contains("mljobs.jobs.detect-drift.binning"), demo.err());
    assertTrue(demo.err().contains("--rerun"), demo.err());
    assertEquals(storedRows, psiRows(spark, DRIFT_FROM), "the stored values are kept");
    assertEquals(html, Files.readString(firstReport), "the report is not rewritten");
    assertEquals(
        4,
        run(
            "detect-drift",
            DRIFT_FROM,
            "drift-" + DRIFT_FROM,
            "mljobs.jobs.detect-drift.fail-on-drift=true"),
        demo.err() + "\n" + demo.out());
    assertTrue(
        demo.out().contains("kept those rows of quality.drift and their report"), demo.out());
    assertEquals(storedRows, psiRows(spark, DRIFT_FROM), "the stored values are kept");
    assertEquals(html, Files.readString(firstReport), "the report is not rewritten");
    assertTrue(html.contains("binning quantiles(10)"), "the report shows the first run's binning");

    // A re-run of a date with another run id replaces that date's rows.
    long before = count(spark, DRIFT_FROM);
    assertEquals(0, run("detect-drift", DRIFT_FROM, "drift-again"), demo.err());
    assertEquals(before, count(spark, DRIFT_FROM));
    assertEquals(
        Set.of("drift-again"),
        new TreeSet<>(
            spark
                .sql(
                    "SELECT DISTINCT run_id FROM delta.`"
                        + tmp.resolve("warehouse/quality/drift")
                        + "` WHERE run_date = DATE'"
                        + DRIFT_FROM
                        + "'")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList()));
  }

  private List<Row> psiRows(SparkSession spark, LocalDate date) {
    return spark
        .sql(
            "SELECT feature, value, detail FROM delta.`"
                + tmp.resolve("warehouse/quality/drift")
                + "` WHERE run_date = DATE'"
                + date
                + "' AND statistic = 'psi' ORDER BY feature")
        .collectAsList();
  }

  private long count(SparkSession spark, LocalDate date) {
    return spark
        .sql(
            "SELECT * FROM delta.`"
                + tmp.resolve("warehouse/quality/drift")
                + "` WHERE run_date = DATE'"
                + date
                + "'")
        .count();
  }
}
