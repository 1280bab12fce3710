package io.mljobs.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model specs are validated before Spark starts: unknown algorithms and parameter names fail with
 * the key and the valid names (exit 2 through the runner); values are typed by the estimator's own
 * params.
 */
class TrainModelsConfigTest {
  @TempDir Path tmp;

  static TrainModelsConfig parse(String conf) {
    Settings root = Settings.of(ConfigFactory.parseString(conf).resolve());
    return TrainModelsConfig.from(root.section("mljobs"), "train-models");
  }

  /** The fraud model of {@code conf}. */
  static ModelSpec fraudSpec(String conf) {
    return parse(conf).models().get(0);
  }

  private static ConfigError error(String candidates) {
    return assertThrows(
        ConfigError.class, () -> parse(TrainingFixture.pipeline("", candidates, "")));
  }

  @Test
  void theDemoModelParsesWithEveryFamily() {
    ModelSpec spec =
        fraudSpec(
            TrainingFixture.pipeline(
                "split { validation = 2d, holdout = 1d }\nthreshold = 0.3",
                TrainingFixture.QUICK
                    + "\nforest { algorithm = random-forest, grid { maxDepth = [3, 5], numTrees ="
                    + " [10] } }\nxgb { algorithm = xgboost, params { numRound = 10, max_depth = 3,"
                    + " eta = 0.3 } }",
                ""));
    assertEquals(Task.BINARY_CLASSIFICATION, spec.task());
    assertEquals(0.3, spec.threshold());
    assertEquals(2, spec.split().validationDays());
    assertEquals(
        List.of("forest", "gbt", "logistic", "xgb"),
        spec.candidates().stream().map(CandidateSpec::name).toList());
    CandidateSpec xgb = spec.candidates().get(3);
    assertEquals(Map.of("eta", 0.3, "max_depth", 3, "numRound", 10), xgb.params());
    assertEquals(List.of(3, 5), spec.candidates().get(0).grid().get("maxDepth"));
  }

  @Test
  void theShippedDemoModelsConfParses() {
    Path file =
        Path.of(System.getProperty("mljobs.project.root", ".."))
            .resolve("conf/pipelines/demo/models.conf");
    Settings root = Settings.of(ConfigFactory.parseFile(file.toFile()).resolve());
    ModelSpec spec = TrainModelsConfig.from(root.section("mljobs"), "train-models").models().get(0);
    assertEquals("training.fraud", spec.trainingSet().toString());
    assertEquals(
        List.of(
            "amount",
            "hour_of_day",
            "txn_count_24h",
            "amount_avg_7d",
            "amount_max_24h",
            "merchant_distinct_7d",
            "secs_since_prev",
            "merchant_category",
            "merchant_risk_tier"),
        spec.features());
    assertEquals(
        List.of("forest", "gbt", "logistic", "xgboost"),
        spec.candidates().stream().map(CandidateSpec::name).toList());
    assertTrue(spec.classWeights());
  }

  @Test
  void promoteModelNeedsAVersion() {
    Settings root =
        Settings.of(ConfigFactory.parseString("mljobs.jobs.promote-model.model = fraud").resolve());
    ConfigError e =
        assertThrows(
            ConfigError.class,
            () -> PromoteModelConfig.from(root.section("mljobs"), "promote-model"));
    assertEquals("mljobs.jobs.promote-model.version", e.key());
    assertTrue(
        e.getMessage().contains("is required: the registered version to move"), e.getMessage());
  }

  @Test
  void anUnknownAlgorithmListsTheValidOnes() {
    ConfigError e = error("boost { algorithm = lightgbm }");
    assertEquals("mljobs.models.\"fraud\".candidates.\"boost\".algorithm", e.key());
    assertTrue(
        e.getMessage()
            .contains(
                "unknown algorithm 'lightgbm'. Valid algorithms: [logistic-regression,"
                    + " linear-regression, random-forest, gbt, xgboost]"),
        e.getMessage());
  }

  @Test
  void anUnknownParameterListsTheAlgorithmsParameters() {
    ConfigError e = error("gbt { algorithm = gbt, grid { max_depth = [3] } }");
    assertTrue(
        e.getMessage().contains("grid.max_depth' is not a parameter of gbt"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean 'maxDepth'"), e.getMessage());
    assertTrue(e.getMessage().contains("Valid parameters of gbt: [cacheNodeIds"), e.getMessage());
  }

  @Test
  void xgboostParametersAreItsOwn() {
    ConfigError e = error("x { algorithm = xgboost, params { maxDepth = 3 } }");
    assertTrue(e.getMessage().contains("did you mean 'max_depth'"), e.getMessage());
  }

  @Test
  void columnsAreSetByMljobsNotConfig() {
    ConfigError e = error("lr { algorithm = logistic-regression, params { labelCol = y } }");
    assertTrue(e.getMessage().contains("is set by mljobs itself"), e.getMessage());
  }

  @Test
  void aRegressorCannotLearnAClassificationTask() {
    ConfigError e = error("lin { algorithm = linear-regression }");
    assertTrue(
        e.getMessage().contains("linear-regression cannot learn a binary-classification task"),
        e.getMessage());
  }

  @Test
  void valuesAreCheckedAgainstTheParamsValidator() {
    ConfigError e = error("gbt { algorithm = gbt, params { maxDepth = -1 } }");
    assertTrue(e.getMessage().contains("-1 is not a valid maxDepth"), e.getMessage());
    ConfigError w = error("gbt { algorithm = gbt, params { maxDepth = 2.5 } }");
    assertTrue(w.getMessage().contains("must be a whole number"), w.getMessage());
  }

  @Test
  void throughTheRunnerABadSpecExitsTwoBeforeSparkStarts() throws Exception {
    TrainingFixture f = new TrainingFixture(tmp);
    int code =
        f.run(
            "train-models",
            TrainingFixture.pipeline("", "boost { algorithm = lightgbm }", ""),
            "bad",
            Map.of());
    assertEquals(2, code);
    assertTrue(f.err().contains("Valid algorithms: [logistic-regression"), f.err());
  }
}
