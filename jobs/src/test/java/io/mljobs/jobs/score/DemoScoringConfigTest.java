package io.mljobs.jobs.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.config.ConfigLoader;
import io.mljobs.common.config.ConfigRequest;
import io.mljobs.common.config.Settings;
import io.mljobs.common.table.TableRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's scoring config (conf/pipelines/demo/scoring.conf) parses for all three jobs. */
class DemoScoringConfigTest {
  private static Settings demo() {
    Path root =
        Path.of(System.getProperty("mljobs.project.root", "..")).toAbsolutePath().normalize();
    ConfigRequest request =
        new ConfigRequest(
            root.resolve("conf/pipelines/demo"), "local", root.resolve("conf"), Map.of());
    return ConfigLoader.load(request).settings().section("mljobs");
  }

  @Test
  void demoConfigParsesForScoreEvaluateAndDecide() {
    ScoreConfig score = new ScoreJob().configure(demo());
    ScoringSpec fraud = score.models().get(0);
    assertEquals("fraud", fraud.model());
    assertEquals(TableRef.parse("features.customer_activity", "k"), fraud.features());
    assertEquals(List.of("customer_id", "event_ts"), fraud.eventColumns());
    assertEquals(TableRef.parse("predictions.fraud", "k"), fraud.predictions());
    assertTrue(fraud.shadow());
    EvaluateModelConfig evaluate = new EvaluateModelJob().configure(demo());
    assertEquals(List.of(fraud), evaluate.models());
    assertEquals(TableRef.parse("models.performance", "k"), evaluate.performance());
    DecideRetrainingConfig decide = new DecideRetrainingJob().configure(demo());
    assertEquals(new RetrainingPolicy(RetrainingPolicy.Kind.DRIFT_SHARE, 0.5, 0), decide.policy());
    assertEquals(List.of("fraud"), decide.models());
  }
}
