package io.mljobs.jobs.train;

import io.mljobs.common.config.ConfigRequest;
import io.mljobs.common.job.JobInvocation;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobRunner;
import io.mljobs.common.manifest.ManifestJson;
import io.mljobs.common.manifest.RunManifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A small constructed training set and a runner for train-models / promote-model on it: the real
 * config loader, job runner, Delta and Spark local mode, with a warehouse under a test folder.
 */
final class TrainingFixture {
  static final LocalDate FIRST_DAY = LocalDate.of(2026, 11, 1);
  static final LocalDate RUN_DATE = LocalDate.of(2026, 11, 8);

  static final StructType SCHEMA =
      new StructType()
          .add("transaction_id", DataTypes.StringType)
          .add("customer_id", DataTypes.StringType)
          .add("event_ts", DataTypes.TimestampType)
          .add("is_fraud", DataTypes.IntegerType)
          .add("amount", DataTypes.DoubleType)
          .add("hour_of_day", DataTypes.IntegerType)
          .add("noise", DataTypes.DoubleType)
          .add("merchant_category", DataTypes.StringType)
          .add("merchant_risk_tier", DataTypes.StringType);

  /** A model section over the fixture's columns with {@code candidates} (HOCON body). */
  static String pipeline(String model, String candidates, String job) {
    return "mljobs {\n  pipeline = train-test\n  models.fraud {\n"
        + "    training-set = \"training.fraud\"\n    label = is_fraud\n    time-column = event_ts\n"
        + "    features { numeric = [amount, hour_of_day, noise], categorical = [merchant_category,"
        + " merchant_risk_tier] }\n"
        + "    class-weights = balanced\n"
        + model
        + "\n    candidates {\n"
        + candidates
        + "\n    }\n  }\n  jobs.train-models {\n    bootstrap.replicates = 100\n"
        + job
        + "\n  }\n}\n";
  }

  /** Two quick candidates: a tuned logistic regression and a small GBT. */
  static final String QUICK =
      "logistic { algorithm = logistic-regression, params { maxIter = 20 }, grid { regParam ="
          + " [0.0, 0.1] } }\n"
          + "gbt { algorithm = gbt, params { maxIter = 5, maxDepth = 3 } }";

  /**
   * {@code days} days of {@code perDay} rows from 2026-11-01; fraud odds grow with the amount and a
   * high risk tier ({@code signal} scales the amount's effect); {@code noise} carries nothing.
   */
  static List<Row> rows(int days, int perDay, double signal, long seed) {
    Random random = new Random(seed);
    String[] categories = {"grocery", "travel", "electronics", "fuel"};
    String[] tiers = {"low", "medium", "high"};
    List<Row> rows = new ArrayList<>();
    int id = 0;
    for (int d = 0; d < days; d++) {
      for (int i = 0; i < perDay; i++) {
        LocalDateTime ts = FIRST_DAY.plusDays(d).atStartOfDay().plusSeconds(random.nextInt(86_400));
        double amount = Math.exp(3 + random.nextGaussian());
        String tier = tiers[random.nextInt(3)];
        double logit = -2.5 + signal * (Math.log(amount) - 3) + ("high".equals(tier) ? 1.0 : 0.0);
        int fraud = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
        rows.add(
            RowFactory.create(
                "t" + id++,
                "c" + random.nextInt(100),
                Timestamp.valueOf(ts),
                fraud,
                random.nextDouble() < 0.05 ? null : amount,
                ts.getHour(),
                random.nextGaussian(),
                categories[random.nextInt(categories.length)],
                tier));
      }
    }
    return rows;
  }

  final Path folder;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  TrainingFixture(Path folder) {
    this.folder = folder;
  }

  String table(String name) {
    return folder.resolve("warehouse").resolve(name.replace('.', '/')).toString();
  }

  /** Writes {@code rows} as the training set (a new table version). */
  void writeTrainingSet(SparkSession spark, List<Row> rows) {
    spark
        .createDataFrame(rows, SCHEMA)
        .write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .save(table("training.fraud"));
  }

  Dataset<Row> read(SparkSession spark, String name) {
    return spark.read().format("delta").load(table(name));
  }

  /** Runs {@code job} on {@code conf}; returns the exit code. */
  int run(String job, String conf, String runId, Map<String, String> sets) throws IOException {
    out.reset();
    err.reset();
    Path root =
        Path.of(System.getProperty("mljobs.project.root", "..")).toAbsolutePath().normalize();
    Path dir = Files.createDirectories(folder.resolve("pipeline"));
    Files.writeString(dir.resolve("pipeline.conf"), conf);
    Map<String, String> overrides = new java.util.LinkedHashMap<>(sets);
    overrides.put("mljobs.warehouse", folder.resolve("warehouse").toString());
    ConfigRequest config = new ConfigRequest(dir, "local", root.resolve("conf"), overrides);
    return new JobRunner(
            JobRegistry.of(new TrainModelsJob(), new PromoteModelJob()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(new JobInvocation(job, config, RUN_DATE, runId, false));
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  RunManifest manifest() {
    String path =
        out()
            .lines()
            .filter(l -> l.contains("Run manifest: "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no manifest line in:\n" + out() + err()))
            .split("Run manifest: ")[1];
    try {
      return ManifestJson.read(Files.readString(Path.of(path)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
