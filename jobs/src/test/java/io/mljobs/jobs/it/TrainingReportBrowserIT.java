package io.mljobs.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mljobs.common.config.Settings;
import io.mljobs.jobs.train.Bootstrap;
import io.mljobs.jobs.train.Metric;
import io.mljobs.jobs.train.ModelSpec;
import io.mljobs.jobs.train.Task;
import io.mljobs.jobs.train.TrainingHtmlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The train-models comparison report in a real headless Chromium: it loads without script errors
 * and shows the ROC, PR and calibration charts plus one importance chart per candidate that has
 * importances (two of the three here), and the promotion decision.
 */
class TrainingReportBrowserIT {
  @TempDir Path tmp;

  @Test
  void reportLoadsCleanlyWithCurvesCalibrationAndImportances() throws Exception {
    String conf =
        "training-set = \"training.fraud\"\nlabel = is_fraud\ntime-column = event_ts\n"
            + "features { numeric = [amount], categorical = [\"tier<&>\"] }\n"
            + "candidates.lr.algorithm = logistic-regression";
    ModelSpec spec =
        ModelSpec.from("fraud", Settings.of(ConfigFactory.parseString(conf).resolve()));
    Random r = new Random(3);
    int n = 500;
    double[] label = new double[n];
    double[] good = new double[n];
    double[] weak = new double[n];
    double[] champion = new double[n];
    for (int i = 0; i < n; i++) {
      label[i] = r.nextDouble() < 0.1 ? 1 : 0;
      good[i] = 1 / (1 + Math.exp(-(r.nextGaussian() + 2.5 * label[i] - 2)));
      weak[i] = 1 / (1 + Math.exp(-(r.nextGaussian() + 0.5 * label[i] - 2)));
      champion[i] = 1 / (1 + Math.exp(-(r.nextGaussian() + 1.5 * label[i] - 2)));
    }
    Bootstrap b = new Bootstrap(50, 0.95, 1);
    List<Metric> metrics = Metric.of(Task.BINARY_CLASSIFICATION);
    String html =
        TrainingHtmlReport.render(
            spec,
            2,
            "browser-it",
            "train < 2026-11-04 <= validation < 2026-11-05 <= holdout <= 2026-11-05",
            label,
            List.of(
                new TrainingHtmlReport.Candidate(
                    "forest",
                    "random-forest",
                    true,
                    b.estimate(metrics, label, good, 0.5),
                    Map.of("amount", 0.7, "tier<&>", 0.3),
                    good),
                new TrainingHtmlReport.Candidate(
                    "gbt",
                    "gbt",
                    false,
                    b.estimate(metrics, label, weak, 0.5),
                    Map.of("amount", 0.4, "tier<&>", 0.6),
                    weak),
                new TrainingHtmlReport.Candidate(
                    "xgb",
                    "xgboost",
                    false,
                    b.estimate(metrics, label, weak, 0.5),
                    Map.of(),
                    weak)),
            new TrainingHtmlReport.Scored("champion v1", champion),
            "champion — promoted: auc_roc improvement over champion v1: 0.1 <margin>");
    Path report = Files.writeString(tmp.resolve("training.html"), html);
    HeadlessChromium chromium = HeadlessChromium.locate(tmp);
    HeadlessChromium.Run dom = chromium.dumpDom(report);
    assertEquals(List.of(), ReportPage.problems(dom, 3 + 2), dom.stderr());
    assertTrue(dom.stdout().contains("promoted: auc_roc improvement over champion v1"));
    assertTrue(dom.stdout().contains("No feature importances for: xgb"));
    assertTrue(html.contains("tier&lt;&amp;&gt;") && !html.contains("tier<&>"), "escaped names");
    Path png = tmp.resolve("training.png");
    assertEquals(0, chromium.screenshot(report, png).exitCode());
    assertTrue(Files.size(png) > 20_000, "screenshot suspiciously small: " + Files.size(png));
    Path keep = ServiceEnv.projectRoot().resolve("jobs/target/training-report-screenshot.png");
    Files.createDirectories(keep.getParent());
    Files.copy(png, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
