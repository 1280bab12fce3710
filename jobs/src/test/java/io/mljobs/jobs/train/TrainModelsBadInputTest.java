package io.mljobs.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.mljobs.common.delta.DeltaOutput;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to train-models and the registry, each ending with exit 1 (or a refused commit) and a
 * message that says what is wrong and what to do, with nothing registered.
 */
@ExtendWith(SharedSpark.class)
class TrainModelsBadInputTest {
  static final String LOGISTIC =
      "logistic { algorithm = logistic-regression, params { maxIter = 10 } }";
  static final String CONF = TrainingFixture.pipeline("", LOGISTIC, "");

  @TempDir Path tmp;

  private static List<Row> mapRows(List<Row> rows, java.util.function.UnaryOperator<Object[]> f) {
    List<Row> out = new ArrayList<>();
    for (Row r : rows) {
      Object[] v = new Object[r.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.get(i);
      }
      out.add(RowFactory.create(f.apply(v)));
    }
    return out;
  }

  private int train(TrainingFixture f, List<Row> rows, SparkSession spark) throws Exception {
    f.writeTrainingSet(spark, rows);
    return f.run("train-models", CONF, "bad", Map.of());
  }

  @Test
  void aLabelWithOneClassOnly(SparkSession spark) throws Exception {
    TrainingFixture f = new TrainingFixture(tmp);
    List<Row> rows =
        mapRows(
            TrainingFixture.rows(5, 100, 1.5, 3),
            v -> {
              v[3] = 0;
              return v;
            });
    assertEquals(1, train(f, rows, spark));
    assertTrue(
        f.err()
            .contains(
                "Label is_fraud of model 'fraud' has one class only in the train window"
                    + " ([0.0]"),
        f.err());
    assertTrue(!Files.exists(Path.of(f.table("models.registry"))));
  }

  @Test
  void aFeatureNullInEveryTrainingRow(SparkSession spark) throws Exception {
    TrainingFixture f = new TrainingFixture(tmp);
    List<Row> rows =
        mapRows(
            TrainingFixture.rows(5, 100, 1.5, 3),
            v -> {
              v[6] = null;
              return v;
            });
    assertEquals(1, train(f, rows, spark));
    assertTrue(
        f.err().contains("Feature(s) [noise] of model 'fraud' are null in every training row"),
        f.err());
  }

  @Test
  void aCategoricalFeatureNullInEveryTrainingRow(SparkSession spark) throws Exception {
    TrainingFixture f = new TrainingFixture(tmp);
    List<Row> rows =
        mapRows(
            TrainingFixture.rows(5, 100, 1.5, 3),
            v -> {
              v[7] = null; // merchant_category: one-hot encoded, so no numeric imputation hides it
              return v;
            });
    assertEquals(1, train(f, rows, spark));
    assertTrue(
        f.err()
            .contains(
                "Feature(s) [merchant_category] of model 'fraud' are null in every training row"),
        f.err());
    assertTrue(!Files.exists(Path.of(f.table("models.registry"))), "nothing registered");
  }

  @Test
  void anEmptyOrMissingTrainingSet(SparkSession spark) throws Exception {
    TrainingFixture f = new TrainingFixture(tmp);
    assertEquals(1, f.run("train-models", CONF, "missing", Map.of()));
    assertTrue(
        f.err().contains("Training set training.fraud does not exist at")
            && f.err().contains("Run build-training-set first."),
        f.err());
    assertEquals(1, train(f, List.of(), spark));
    assertTrue(
        f.err()
            .contains(
                "Training set training.fraud has no rows with a event_ts (empty or all" + " null)"),
        f.err());
  }

  @Test
  void aTrainingSetLackingADeclaredFeature(SparkSession spark) throws Exception {
    TrainingFixture f = new TrainingFixture(tmp);
    spark
        .createDataFrame(TrainingFixture.rows(5, 100, 1.5, 3), TrainingFixture.SCHEMA)
        .drop("noise")
        .write()
        .format("delta")
        .save(f.table("training.fraud"));
    assertEquals(1, f.run("train-models", CONF, "bad", Map.of()));
    assertTrue(
        f.err()
            .contains(
                "Training set training.fraud lacks column(s) [noise] that model 'fraud'"
                    + " declares"),
        f.err());
  }

  @Test
  void aChampionWhoseArtifactWasDeletedStopsTheRunAndLeavesTheRegistry(SparkSession spark)
      throws Exception {
    TrainingFixture f = new TrainingFixture(tmp);
    f.writeTrainingSet(spark, TrainingFixture.rows(5, 200, 1.5, 4));
    assertEquals(0, f.run("train-models", CONF, "first", Map.of()), f.err());
    String artifact = f.read(spark, "models.registry").first().getAs("artifact_path").toString();
    deleteTree(
        artifact.startsWith("file:")
            ? Path.of(java.net.URI.create(artifact).getPath())
            : Path.of(artifact));
    long before = registryVersion(spark, f);

    assertEquals(1, f.run("train-models", CONF, "second", Map.of()));
    assertTrue(
        f.err().contains("Registry entry fraud v1 (champion) points at artifact " + artifact)
            && f.err()
                .contains("which does not exist (deleted?). The registry was left unchanged."),
        f.err());
    assertEquals(before, registryVersion(spark, f));
    assertEquals(1, f.read(spark, "models.leaderboard").select("run_id").distinct().count());
  }

  @Test
  void twoRunsPromotingFromTheSameRegistryVersionOneWinsTheOtherIsTold(SparkSession spark)
      throws Exception {
    TrainingFixture f = new TrainingFixture(tmp);
    String path = f.table("models.registry");
    Timestamp now = Timestamp.from(Instant.now());
    RegistryEntry v1 = entry(1, "champion", now);
    new ModelRegistry("models.registry", path, -1, List.of())
        .commit(spark, DeltaOutput.to(path).named("models.registry"), List.of(v1));

    // Sequential: both read version 0; the first commits, the second is refused.
    ModelRegistry a = ModelRegistry.read(spark, "models.registry", path);
    ModelRegistry b = ModelRegistry.read(spark, "models.registry", path);
    a.commit(
        spark,
        DeltaOutput.to(path).named("models.registry"),
        List.of(entry(2, "champion", now), v1.withAlias("archived", now, "a")));
    JobFailure told =
        assertThrows(
            JobFailure.class,
            () ->
                b.commit(
                    spark,
                    DeltaOutput.to(path).named("models.registry"),
                    List.of(entry(3, "champion", now), v1.withAlias("archived", now, "b"))));
    assertTrue(
        told.getMessage()
            .startsWith(
                "Another run changed models.registry while this run was registering or promoting"
                    + " (read at version 0"),
        told.getMessage());
    assertTrue(told.getMessage().contains("This run's change was not applied"));
    assertEquals("[[1,archived], [2,champion]]", aliases(spark, path));

    // At the same moment, from two threads: exactly one commit lands.
    ModelRegistry c = ModelRegistry.read(spark, "models.registry", path);
    ModelRegistry d = ModelRegistry.read(spark, "models.registry", path);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<String>> outcomes = new ArrayList<>();
    for (ModelRegistry r : List.of(c, d)) {
      long version = r == c ? 4 : 5;
      outcomes.add(
          pool.submit(
              () -> {
                start.await();
                try {
                  r.commit(
                      spark,
                      DeltaOutput.to(path).named("models.registry"),
                      List.of(entry(version, "challenger", now)));
                  return "won";
                } catch (JobFailure e) {
                  return e.getMessage().startsWith("Another run changed models.registry")
                      ? "told"
                      : e.getMessage();
                }
              }));
    }
    start.countDown();
    List<String> results = new ArrayList<>();
    for (Future<String> o : outcomes) {
      results.add(o.get());
    }
    pool.shutdown();
    results.sort(Comparator.naturalOrder());
    assertEquals(List.of("told", "won"), results);
    assertEquals(3, spark.read().format("delta").load(path).count());
  }

  private static RegistryEntry entry(long version, String alias, Timestamp at) {
    return new RegistryEntry(
        "fraud",
        version,
        alias,
        "logistic",
        "logistic-regression",
        "{}",
        "{}",
        List.of("amount"),
        "training.fraud",
        0L,
        "{}",
        "",
        "run" + version,
        "/nowhere",
        "test",
        at,
        at,
        "test");
  }

  private static String aliases(SparkSession spark, String path) {
    return spark
        .read()
        .format("delta")
        .load(path)
        .orderBy("version")
        .select("version", "alias")
        .collectAsList()
        .toString();
  }

  private static long registryVersion(SparkSession spark, TrainingFixture f) {
    return DeltaTable.forPath(spark, f.table("models.registry"))
        .history(1)
        .select("version")
        .first()
        .getLong(0);
  }

  private static void deleteTree(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
