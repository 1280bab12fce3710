package io.mljobs.jobs.demo;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.SparkJob;
import io.mljobs.common.manifest.OutputRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code generate-demo-data}: writes the seeded demo data set (card payments) under a local folder:
 * daily POS CSV and web JSON-lines files with a few malformed rows, the Kafka event stream as
 * files, merchants (CSV and Parquet), customers for PostgreSQL, and late fraud labels. Same config,
 * same bytes.
 */
public final class GenerateDemoDataJob implements SparkJob<GenerateDemoDataJob.Config> {
  static final String NAME = "generate-demo-data";

  /** The merchants Parquet file, relative to the output folder. */
  public static final String MERCHANTS_PARQUET = "raw/merchants/merchants.parquet";

  /**
   * @param output local folder the data goes under
   * @param spec what to generate
   */
  public record Config(Path output, DemoDataSpec spec) {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Write the seeded demo data set (payments, merchants, customers, late labels) to a folder.";
  }

  @Override
  public Config configure(Settings mljobs) {
    Settings own = mljobs.section("jobs").sectionOrEmpty(NAME);
    try {
      LocalDate start = own.optionalDate("start-date").orElse(LocalDate.of(2026, 11, 1));
      DemoDataSpec spec =
          DemoDataSpec.ofScale(
              own.integer("scale", 1, 1),
              own.longValue("seed", 42L),
              start,
              own.integer("days", 7, 1));
      if (own.has("rows-per-day")) {
        spec = spec.withRowsPerDay(own.integer("rows-per-day", spec.rowsPerDay(), 1));
      }
      if (own.has("malformed-rate")) {
        spec = spec.withMalformedRate(own.number("malformed-rate", 0.002));
      }
      LocalDate driftFrom = own.optionalDate("drift-from").orElse(null);
      if (driftFrom != null) {
        spec = spec.withDriftFrom(driftFrom);
      }
      return new Config(Path.of(own.string("output")).toAbsolutePath().normalize(), spec);
    } catch (IllegalArgumentException e) {
      throw new ConfigError(own.path(), "Invalid " + own.path() + ": " + e.getMessage() + ".");
    }
  }

  @Override
  public JobResult run(JobContext<Config> context) throws IOException {
    Config config = context.config();
    DemoDataGenerator generator = new DemoDataGenerator(config.spec());
    DemoDataSummary summary;
    try {
      summary = context.timed("write files", () -> write(generator, config.output()));
    } catch (java.io.UncheckedIOException e) {
      throw new JobFailure(
          "Cannot write demo data under "
              + config.output()
              + ": "
              + e.getCause().getMessage()
              + ". Choose a writable folder with --set mljobs.jobs."
              + NAME
              + ".output=<path>.",
          e);
    }
    context.timed(
        "write merchants parquet",
        () -> {
          writeMerchantsParquet(context, generator.merchants(), config.output());
          return null;
        });
    context
        .recorder()
        .output(
            new OutputRecord(
                "demo-data",
                "files",
                config.output().toString(),
                null,
                "overwrite",
                summary.totalRows(),
                false,
                Map.of(
                    "files",
                    summary.files().size() + 1,
                    "malformed_rows",
                    summary.totalMalformedRows(),
                    "seed",
                    config.spec().seed())));
    return JobResult.ok(
            summary.files().size()
                + 1
                + " files, "
                + summary.totalRows()
                + " rows ("
                + summary.totalMalformedRows()
                + " deliberately malformed) under "
                + config.output())
        .withMetric("rows", summary.totalRows())
        .withMetric("malformed_rows", summary.totalMalformedRows());
  }

  private static DemoDataSummary write(DemoDataGenerator generator, Path output) {
    try {
      return new DemoDataWriter(generator).write(output);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * One Parquet file from one partition, renamed to a fixed name, so the same merchants give the
   * same bytes (Spark's part file names are random).
   */
  private static void writeMerchantsParquet(
      JobContext<Config> context, List<Merchant> merchants, Path output) {
    StructType schema =
        new StructType()
            .add("merchant_id", DataTypes.StringType, false)
            .add("name", DataTypes.StringType, false)
            .add("category", DataTypes.StringType, false)
            .add("country", DataTypes.StringType, false)
            .add("risk_tier", DataTypes.StringType, false)
            .add("onboarded_date", DataTypes.DateType, false);
    List<Row> rows =
        merchants.stream()
            .map(
                m ->
                    RowFactory.create(
                        m.merchantId(),
                        m.name(),
                        m.category(),
                        m.country(),
                        m.riskTier(),
                        Date.valueOf(m.onboardedDate())))
            .toList();
    Path staging = output.resolve("raw/merchants/.parquet-staging");
    context
        .spark()
        .createDataFrame(rows, schema)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(staging.toString());
    try (Stream<Path> files = Files.list(staging)) {
      Path part =
          files
              .filter(p -> p.getFileName().toString().endsWith(".parquet"))
              .findFirst()
              .orElseThrow();
      Files.move(part, output.resolve(MERCHANTS_PARQUET), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    deleteRecursively(staging);
  }

  private static void deleteRecursively(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
