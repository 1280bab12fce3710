package io.mljobs.jobs.features;

import io.mljobs.common.config.Settings;
import io.mljobs.common.delta.DeltaInput;
import io.mljobs.common.delta.DeltaWriteResult;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobFlags;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.SparkJob;
import io.mljobs.common.table.TableRef;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * {@code build-features}: computes each feature set ({@code mljobs.feature-sets.<name>}) for the
 * run date, or for {@code --from D1 --to D2} in chunks of {@code chunk-days} dates, into its
 * feature table ({@code features.<name>}, Delta, partitioned by {@code feature_date}). Each chunk
 * reads only the source's date partitions its windows reach, replaces exactly its own dates, and is
 * one idempotent commit: a re-run of the same run id after a crash skips the chunks already
 * committed without computing them. The definition hash is on every row, in the commit metadata and
 * in the manifest.
 */
public final class BuildFeaturesJob implements SparkJob<BuildFeaturesConfig>, JobFlags {
  static final String NAME = "build-features";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Compute declared feature sets for the run date (or a --from/--to backfill) into"
        + " features.<name>.";
  }

  @Override
  public List<Flag> flags() {
    return List.of(
        new Flag(
            "--from",
            "from",
            "YYYY-MM-DD",
            "Backfill: first feature date to build, in chunks of chunk-days dates (with --to;"
                + " without it, up to the run date)."),
        new Flag(
            "--to", "to", "YYYY-MM-DD", "Backfill: last feature date to build (needs --from)."));
  }

  @Override
  public BuildFeaturesConfig configure(Settings mljobs) {
    return BuildFeaturesConfig.from(mljobs, NAME);
  }

  @Override
  public JobResult run(JobContext<BuildFeaturesConfig> context) {
    List<LocalDate> dates = context.config().dates().fixedDates(context.runDate());
    List<String> lines = new ArrayList<>();
    long built = 0;
    long skipped = 0;
    for (FeatureSetSpec spec : context.config().featureSets()) {
      String hash = spec.definitionHash();
      context.metric("features." + spec.name() + ".definition_hash", hash);
      long rows = 0;
      for (List<LocalDate> chunk : chunks(dates, context.config().chunkDays())) {
        LocalDate from = chunk.get(0);
        LocalDate to = chunk.get(chunk.size() - 1);
        DeltaWriteResult written =
            context.timed(
                "build " + spec.name() + " " + from + ".." + to,
                () -> buildChunk(context, spec, from, to));
        if (written.skipped()) {
          skipped++;
        } else {
          built++;
          rows += written.rows() == null ? 0 : written.rows();
        }
      }
      context.metric("features." + spec.name() + ".rows", rows);
      List<FeatureTables.Definition> definitions =
          FeatureTables.definitions(
              read(context, spec.table(), Map.of("role", "definition check")));
      String line =
          spec.name() + ": " + rows + " row(s) in " + spec.table() + " (definition " + hash + ")";
      if (definitions.size() > 1) {
        line += ". WARNING: " + FeatureTables.mixedMessage(spec.table().toString(), definitions);
      }
      lines.add(line);
    }
    context.metric("features.chunks_built", built);
    context.metric("features.chunks_skipped", skipped);
    return JobResult.ok(
        String.join("; ", lines)
            + " ("
            + built
            + " chunk(s) built, "
            + skipped
            + " already committed by an earlier attempt)");
  }

  /** Consecutive runs of at most {@code size} dates. */
  static List<List<LocalDate>> chunks(List<LocalDate> dates, int size) {
    List<List<LocalDate>> chunks = new ArrayList<>();
    for (int i = 0; i < dates.size(); i += size) {
      chunks.add(dates.subList(i, Math.min(dates.size(), i + size)));
    }
    return chunks;
  }

  private static DeltaWriteResult buildChunk(
      JobContext<BuildFeaturesConfig> context, FeatureSetSpec spec, LocalDate from, LocalDate to) {
    Dataset<Row> source = read(context, spec.source(), Map.of("feature_set", spec.name()));
    Map<String, Dataset<Row>> lookups = new LinkedHashMap<>();
    Map<String, StructType> schemas = new LinkedHashMap<>();
    spec.lookups()
        .forEach(
            (name, lookup) -> {
              Dataset<Row> rows = read(context, lookup.table(), Map.of("lookup", name));
              lookups.put(name, rows);
              schemas.put(name, rows.schema());
            });
    FeatureColumns.check(spec, source.schema(), schemas);
    // created_ts: when these values became available, so a training set can leave out values
    // computed (or backfilled) after its label time.
    Timestamp created = Timestamp.from(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    Dataset<Row> rows =
        FeatureSetTransform.build(
            spec,
            source.where(FeatureSetTransform.sourceFilter(spec, from, to)),
            lookups,
            from,
            to,
            created);
    Map<String, Object> metadata = new LinkedHashMap<>(context.run().commitMetadata());
    metadata.put("definition_hash", spec.definitionHash());
    metadata.put("feature_dates", from + ".." + to);
    return context
        .output(spec.table())
        // Keyed by the dates, so a re-run of the run id skips exactly the chunks committed.
        .idempotent(
            "mljobs/"
                + context.run().job()
                + "/"
                + context.run().writeScope()
                + "/"
                + spec.table()
                + "@"
                + from
                + ".."
                + to,
            0)
        .userMetadata(metadata)
        .partitionBy(FeatureSetSpec.FEATURE_DATE)
        .replaceWhere(
            FeatureSetSpec.FEATURE_DATE
                + " >= DATE'"
                + from
                + "' AND "
                + FeatureSetSpec.FEATURE_DATE
                + " <= DATE'"
                + to
                + "'")
        .execute(rows);
  }

  /**
   * The one place this job reads a table: its latest version, recorded in the manifest with {@code
   * details}; a missing table fails naming the jobs that make it.
   */
  private static Dataset<Row> read(
      JobContext<?> context, TableRef table, Map<String, Object> details) {
    DeltaInput input = context.input(table).latest().writtenBy("ingest-files, check-quality");
    for (Map.Entry<String, Object> detail : details.entrySet()) {
      input = input.detail(detail.getKey(), detail.getValue());
    }
    return input.read();
  }
}
