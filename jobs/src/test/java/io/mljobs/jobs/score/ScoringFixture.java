package io.mljobs.jobs.score;

import io.mljobs.common.config.ConfigRequest;
import io.mljobs.common.job.JobInvocation;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobRunner;
import io.mljobs.jobs.train.RegistryEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A constructed feature table (the CONTRACT.md layout, reduced to two features), small fitted
 * PipelineModels registered in a real models.registry, and a runner for the scoring jobs: the real
 * config loader, job runner, Delta and Spark local mode, under a test folder.
 */
final class ScoringFixture {
  static final LocalDate DAY = LocalDate.of(2026, 11, 5);

  static final StructType FEATURES =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("event_ts", DataTypes.TimestampType)
          .add("feature_date", DataTypes.DateType)
          .add("amount", DataTypes.DoubleType)
          .add("merchant_category", DataTypes.StringType)
          .add("is_fraud", DataTypes.IntegerType);

  /** The scoring section of the fixture's model {@code fraud}, plus {@code extra} HOCON. */
  static String conf(String extra) {
    return "mljobs {\n  pipeline = scoring-test\n  scoring.fraud {\n"
        + "    features-table = \"features.customer_activity\"\n"
        + "    keys = [customer_id]\n    time-column = event_ts\n"
        + "    labels { table = \"labels.fraud\", keys = [customer_id, event_ts],"
        + " label-column = is_fraud }\n"
        + "    performance { min-labelled = 5, replicates = 50 }\n  }\n"
        + extra
        + "\n}\n";
  }

  /** {@code perDay} rows per day from {@link #DAY} on; fraud odds grow with the amount. */
  static List<Row> rows(int days, int perDay, long seed) {
    Random random = new Random(seed);
    String[] categories = {"grocery", "travel", "fuel"};
    List<Row> rows = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      LocalDate date = DAY.plusDays(d);
      for (int i = 0; i < perDay; i++) {
        double amount = Math.exp(3 + random.nextGaussian());
        double logit = -1 + 1.5 * (Math.log(amount) - 3);
        rows.add(
            RowFactory.create(
                "c" + random.nextInt(1_000_000),
                Timestamp.valueOf(date.atStartOfDay().plusSeconds(i * 60L)),
                Date.valueOf(date),
                amount,
                categories[random.nextInt(categories.length)],
                random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0));
      }
    }
    return rows;
  }

  final Path folder;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  ScoringFixture(Path folder) {
    this.folder = folder;
  }

  String table(String name) {
    return folder.resolve("warehouse").resolve(name.replace('.', '/')).toString();
  }

  void write(SparkSession spark, String name, Dataset<Row> rows) {
    rows.write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .save(table(name));
  }

  Dataset<Row> read(SparkSession spark, String name) {
    return spark.read().format("delta").load(table(name));
  }

  /** A logistic regression on amount and merchant_category, fitted on {@code rows}. */
  static PipelineModel fit(Dataset<Row> rows, double regParam) {
    return new Pipeline()
        .setStages(
            new PipelineStage[] {
              new StringIndexer()
                  .setInputCol("merchant_category")
                  .setOutputCol("__index")
                  .setHandleInvalid("keep"),
              new VectorAssembler()
                  .setInputCols(new String[] {"amount", "__index"})
                  .setOutputCol("__features"),
              new LogisticRegression()
                  .setFeaturesCol("__features")
                  .setLabelCol("is_fraud")
                  .setRegParam(regParam)
                  .setMaxIter(20)
            })
        .fit(rows);
  }

  /** Saves {@code model} and returns its registry entry (holdout AUC {@code auc}). */
  RegistryEntry save(PipelineModel model, long version, String alias, double auc)
      throws IOException {
    String path = folder.resolve("artifacts/fraud/v" + version).toString();
    model.write().overwrite().save(path);
    return entry(version, alias, auc, path);
  }

  /** A registry entry of a model saved at {@code path} (holdout AUC {@code auc}). */
  static RegistryEntry entry(long version, String alias, double auc, String path) {
    Timestamp now = Timestamp.valueOf("2026-11-04 00:00:00");
    return new RegistryEntry(
        "fraud",
        version,
        alias,
        "logistic",
        "logistic-regression",
        "{\"auc_roc\":{\"value\":" + auc + ",\"lower\":0.7,\"upper\":0.9}}",
        "{}",
        List.of("amount", "merchant_category"),
        "training.fraud",
        1L,
        "{}",
        "{}",
        "train-1",
        path,
        "test",
        now,
        now,
        "test");
  }

  /** Writes {@code entries} as the registry (the schema train-models writes). */
  void register(SparkSession spark, List<RegistryEntry> entries) {
    List<Row> rows = new ArrayList<>();
    for (RegistryEntry e : entries) {
      rows.add(
          RowFactory.create(
              e.name(),
              e.version(),
              e.alias(),
              e.candidate(),
              e.algorithm(),
              e.metrics(),
              e.params(),
              e.features(),
              e.trainingSet(),
              e.trainingSetVersion(),
              e.lineage(),
              e.holdout(),
              e.runId(),
              e.artifactPath(),
              e.codeVersion(),
              e.registeredAt(),
              e.updatedAt(),
              e.decision()));
    }
    write(spark, "models.registry", spark.createDataFrame(rows, RegistryEntry.SCHEMA));
  }

  /** Runs {@code job} for {@code date} on {@code conf}; returns the exit code. */
  int run(String job, String conf, LocalDate date, String runId) throws IOException {
    out.reset();
    err.reset();
    Path root =
        Path.of(System.getProperty("mljobs.project.root", "..")).toAbsolutePath().normalize();
    Path dir = Files.createDirectories(folder.resolve("pipeline"));
    Files.writeString(dir.resolve("pipeline.conf"), conf);
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("mljobs.warehouse", folder.resolve("warehouse").toString());
    ConfigRequest config = new ConfigRequest(dir, "local", root.resolve("conf"), overrides);
    return new JobRunner(
            JobRegistry.of(new ScoreJob(), new EvaluateModelJob(), new DecideRetrainingJob()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(new JobInvocation(job, config, date, runId, false));
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** A metric of the last run's manifest (its path is printed as "Run manifest: PATH"). */
  Object manifestMetric(String name) throws IOException {
    String path =
        out()
            .lines()
            .filter(l -> l.contains("Run manifest: "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no manifest line in:\n" + out() + err()))
            .split("Run manifest: ")[1];
    return io.mljobs.common.manifest.ManifestJson.read(Files.readString(Path.of(path)))
        .metrics()
        .get(name);
  }
}
