package io.mljobs.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.testing.SharedSpark;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** promote-model: a manual alias move, recorded as a run; bad requests exit 1 or 2. */
@ExtendWith(SharedSpark.class)
class PromoteModelJobTest {
  @TempDir Path tmp;

  @Test
  void theCommandLineOffersItsFlags() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int code =
        io.mljobs.jobs.Main.execute(
            io.mljobs.common.job.JobRegistry.of(new TrainModelsJob(), new PromoteModelJob()),
            new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
            new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
            "promote-model",
            "--help");
    String help = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, code, help);
    // --version is picocli's own: the version flag is --model-version.
    assertTrue(help.contains("--model-version=N") && help.contains("--alias=ALIAS"), help);
  }

  @Test
  void movesAVersionToChampionArchivingTheOldOne(SparkSession spark) throws Exception {
    TrainingFixture f = new TrainingFixture(tmp);
    f.writeTrainingSet(spark, TrainingFixture.rows(5, 150, 1.5, 5));
    String conf = TrainingFixture.pipeline("", TrainModelsBadInputTest.LOGISTIC, "");
    assertEquals(0, f.run("train-models", conf, "t1", Map.of()), f.err());
    assertEquals(0, f.run("train-models", conf, "t2", Map.of()), f.err());

    Map<String, String> move =
        Map.of(
            "mljobs.jobs.promote-model.model", "fraud",
            "mljobs.jobs.promote-model.version", "2",
            "mljobs.jobs.promote-model.reason", "canary looked fine");
    assertEquals(0, f.run("promote-model", conf, "manual-1", move), f.err());
    assertTrue(f.out().contains("fraud v2: challenger -> champion in models.registry"), f.out());
    assertEquals(
        "manual (manual-1): canary looked fine",
        f.manifest().metrics().get("promotion.fraud.decision"));
    Row v2 = f.read(spark, "models.registry").where("version = 2").first();
    assertEquals("champion", v2.getAs("alias"));
    assertEquals("manual (manual-1): canary looked fine", v2.getAs("decision"));
    assertEquals(
        "archived", f.read(spark, "models.registry").where("version = 1").first().getAs("alias"));

    // A version that is not registered: exit 1, the registered ones listed.
    assertEquals(
        1,
        f.run(
            "promote-model",
            conf,
            "manual-2",
            Map.of(
                "mljobs.jobs.promote-model.model",
                "fraud",
                "mljobs.jobs.promote-model.version",
                "9")));
    assertTrue(
        f.err()
            .contains(
                "No version 9 of model 'fraud' in models.registry (registered: [v2"
                    + " champion, v1 archived])"),
        f.err());
    // An alias that does not exist: exit 2 before Spark starts.
    assertEquals(
        2,
        f.run(
            "promote-model",
            conf,
            "manual-3",
            Map.of(
                "mljobs.jobs.promote-model.model", "fraud",
                "mljobs.jobs.promote-model.version", "1",
                "mljobs.jobs.promote-model.alias", "production")));
    assertTrue(f.err().contains("must be one of [champion, challenger, archived]"), f.err());
  }
}
