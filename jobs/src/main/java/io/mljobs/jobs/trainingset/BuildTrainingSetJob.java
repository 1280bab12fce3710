package io.mljobs.jobs.trainingset;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.delta.DeltaInput;
import io.mljobs.common.delta.DeltaWriteResult;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.job.ExitCode;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.SparkJob;
import io.mljobs.common.table.TableRef;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import scala.Option;

/**
 * {@code build-training-set}: for each training set of {@code mljobs.training-sets}, the label rows
 * (optionally enriched by a join) with each feature set's values as of the label time ({@link
 * PointInTimeJoin}), written as a snapshot to {@code training.<name>} (the whole table replaced per
 * run). The feature tables are read only for the dates the labels can reach ({@code [min label time
 * - ttl, max label time]}); a read that mixes definition hashes fails and says to backfill. The
 * manifest names the label, enrichment and feature table versions, the definition hash used, and
 * per feature set how many labels matched, were too old, had no history or fell outside the feature
 * table's range.
 */
public final class BuildTrainingSetJob implements SparkJob<BuildTrainingSetConfig> {
  static final String NAME = "build-training-set";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Join label rows with feature sets as of the label time into training.<name> snapshots.";
  }

  @Override
  public BuildTrainingSetConfig configure(Settings mljobs) {
    return BuildTrainingSetConfig.from(mljobs, NAME);
  }

  @Override
  public JobResult run(JobContext<BuildTrainingSetConfig> context) {
    List<String> summaries = new ArrayList<>();
    for (TrainingSetSpec set : context.config().sets()) {
      Built built = context.timed("build " + set.name(), () -> build(context, set));
      if (built.failure().isPresent()) {
        return JobResult.of(ExitCode.QUALITY_GATE_FAILED, built.failure().get());
      }
      summaries.add(built.summary());
    }
    return JobResult.ok(String.join("; ", summaries));
  }

  /** The outcome of one training set: a summary, or why nothing was written (exit 3). */
  private record Built(String summary, Optional<String> failure) {}

  /** A table read at a pinned version. */
  private record Read(Dataset<Row> rows, long version) {}

  private static Built build(JobContext<BuildTrainingSetConfig> context, TrainingSetSpec set) {
    LabelSpec spec = set.labels();
    String prefix = "training." + set.name();
    Read labelTable =
        read(context, spec.table(), Map.of("role", "labels", "training_set", set.name()));
    Dataset<Row> labels = labelTable.rows();
    String described = "Label table " + spec.table();
    if (spec.enrich().isPresent()) {
      TableRef enrichTable = spec.enrich().get().table();
      Read enrich =
          read(context, enrichTable, Map.of("role", "enrich", "training_set", set.name()));
      labels = LabelRows.enrich(labels, enrich.rows(), spec, described);
      described += " (enriched with " + enrichTable + ")";
    }
    labels = LabelRows.select(labels, spec, described);

    LabelRows.Duplicates duplicates = LabelRows.duplicates(labels, spec.key());
    context.metric(prefix + ".label_duplicate_rows", duplicates.extraRows());
    if (duplicates.extraRows() > 0) {
      if (spec.duplicates() == LabelSpec.Duplicates.FAIL) {
        return new Built(
            "",
            Optional.of(
                described
                    + " has "
                    + duplicates.extraRows()
                    + " duplicate label row(s) ("
                    + duplicates.keys()
                    + " key(s) seen more than once) on "
                    + spec.key()
                    + "; nothing written to "
                    + set.output()
                    + ". Deduplicate the labels, or set "
                    + spec.keyOf("duplicates")
                    + " = keep-latest with "
                    + spec.keyOf("order-by")
                    + "."));
      }
      labels = LabelRows.keepLatest(labels, spec);
    }
    labels = LabelRows.output(labels, spec).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return joinAndWrite(context, set, labels, labelTable.version());
    } finally {
      labels.unpersist();
    }
  }

  /** Joins each feature set to the (deduplicated, cached) label rows and writes the snapshot. */
  private static Built joinAndWrite(
      JobContext<BuildTrainingSetConfig> context,
      TrainingSetSpec set,
      Dataset<Row> labels,
      long labelVersion) {
    LabelSpec spec = set.labels();
    String prefix = "training." + set.name();

    Row range =
        labels.agg(count(lit(1)), min(col(spec.timeColumn())), max(col(spec.timeColumn()))).first();
    long labelRows = range.getLong(0);
    Optional<Timestamp> first = Optional.ofNullable(range.getTimestamp(1));
    Optional<Timestamp> last = Optional.ofNullable(range.getTimestamp(2));

    Dataset<Row> joined = labels;
    List<String> taken = new ArrayList<>(Arrays.asList(labels.columns()));
    List<String> statuses = new ArrayList<>();
    Map<String, String> hashes = new LinkedHashMap<>();
    for (FeatureJoinSpec features : set.features()) {
      Read table =
          read(
              context,
              features.table(),
              Map.of(
                  "role", "features",
                  "training_set", set.name(),
                  "feature_set", features.name(),
                  "ttl", features.ttl().toString()));
      List<String> columns = featureColumns(table.rows(), features, taken);
      LabelRows.requireAll(
          labels,
          features.entityKeys(),
          features.keyOf("entity-keys"),
          "The label rows of training set " + set.name());
      Dataset<Row> pruned = prune(table.rows(), features, first, last);
      Optional<String> hash = definitionHash(pruned, features, first, last);
      hash.ifPresent(h -> hashes.put(features.name(), h));
      hash.ifPresent(h -> context.metric(prefix + "." + features.name() + ".definition_hash", h));
      context.metric(prefix + "." + features.name() + ".table_version", table.version());
      joined =
          PointInTimeJoin.join(
              joined,
              spec.timeColumn(),
              pruned,
              features,
              columns,
              coverage(context, features.table(), table, pruned, features));
      taken.addAll(columns);
      statuses.add(PointInTimeJoin.statusColumn(features.name()));
    }

    joined = joined.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Column> counts = new ArrayList<>();
      for (String status : statuses) {
        for (String s : PointInTimeJoin.STATUSES) {
          counts.add(sum(when(col(status).equalTo(s), 1).otherwise(0)).cast(DataTypes.LongType));
        }
      }
      StringBuilder summary = new StringBuilder();
      if (!counts.isEmpty()) {
        Row row =
            joined
                .agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new))
                .first();
        int i = 0;
        for (FeatureJoinSpec features : set.features()) {
          summary.append("; ").append(features.name()).append(":");
          for (String s : PointInTimeJoin.STATUSES) {
            long n = row.isNullAt(i) ? 0 : row.getLong(i);
            i++;
            context.metric(prefix + "." + features.name() + "." + s, n);
            summary.append(' ').append(n).append(' ').append(s.replace('_', ' '));
          }
        }
      }
      DeltaWriteResult written =
          context
              .output(set.output())
              .overwrite()
              .execute(joined.drop(statuses.toArray(String[]::new)));
      context.metric(prefix + ".rows", labelRows);
      context.metric(prefix + ".version", written.version());
      return new Built(
          set.output()
              + " version "
              + written.version()
              + ": "
              + labelRows
              + " label row(s) from "
              + spec.table()
              + " version "
              + labelVersion
              + (hashes.isEmpty() ? "" : ", definition hashes " + hashes)
              + summary,
          Optional.empty());
    } finally {
      joined.unpersist();
    }
  }

  /**
   * The feature columns to join: the configured list, or every column that is not an entity key,
   * time, date or hash column, nor excluded. A name already taken by the label rows or an earlier
   * feature set is refused.
   */
  private static List<String> featureColumns(
      Dataset<Row> table, FeatureJoinSpec features, List<String> taken) {
    String described = "Feature table " + features.table();
    LabelRows.requireAll(table, features.entityKeys(), features.keyOf("entity-keys"), described);
    LabelRows.requireAll(
        table, List.of(features.eventTimeColumn()), features.keyOf("event-time-column"), described);
    features
        .createdTimeColumn()
        .ifPresent(
            c ->
                LabelRows.requireAll(
                    table, List.of(c), features.keyOf("created-time-column"), described));
    features
        .dateColumn()
        .ifPresent(
            c -> LabelRows.requireAll(table, List.of(c), features.keyOf("date-column"), described));
    features
        .hashColumn()
        .ifPresent(
            c -> LabelRows.requireAll(table, List.of(c), features.keyOf("hash-column"), described));
    LabelRows.requireAll(table, features.columns(), features.keyOf("columns"), described);
    List<String> columns = features.columns();
    if (columns.isEmpty()) {
      columns =
          Arrays.stream(table.columns())
              .filter(c -> !features.metaColumns().contains(c) && !features.exclude().contains(c))
              .toList();
    }
    for (String c : columns) {
      if (taken.contains(c)) {
        throw new ConfigError(
            features.keyOf("columns"),
            "Feature column '"
                + c
                + "' of "
                + features.table()
                + " has the name of a label column or an earlier feature; add it to "
                + features.keyOf("exclude")
                + " or list the wanted ones in "
                + features.keyOf("columns")
                + ".");
      }
    }
    return columns;
  }

  /**
   * The feature rows that can matter to labels timed in [first, last]: event time in [first - ttl,
   * last], by date partition first (so other partitions are not read) and then exactly.
   */
  public static Dataset<Row> prune(
      Dataset<Row> features,
      FeatureJoinSpec spec,
      Optional<Timestamp> first,
      Optional<Timestamp> last) {
    if (first.isEmpty() || last.isEmpty()) {
      return features.filter(lit(false));
    }
    Timestamp from = Timestamp.from(first.get().toInstant().minus(spec.ttl()));
    Column event = col(spec.eventTimeColumn());
    Dataset<Row> pruned = features;
    if (spec.dateColumn().isPresent()) {
      Column date = col(spec.dateColumn().get());
      pruned = pruned.filter(date.geq(to_date(lit(from))).and(date.leq(to_date(lit(last.get())))));
    }
    return pruned.filter(event.geq(lit(from)).and(event.leq(lit(last.get()))));
  }

  /**
   * The one definition hash of the rows read, if the feature set has a hash column; a mix fails and
   * says to backfill.
   */
  private static Optional<String> definitionHash(
      Dataset<Row> pruned,
      FeatureJoinSpec spec,
      Optional<Timestamp> first,
      Optional<Timestamp> last) {
    if (spec.hashColumn().isEmpty()) {
      return Optional.empty();
    }
    String column = spec.hashColumn().get();
    List<String> found =
        pruned.select(col(column)).distinct().orderBy(col(column)).collectAsList().stream()
            .map(r -> r.isNullAt(0) ? "null" : r.getString(0))
            .toList();
    if (found.size() > 1) {
      throw new JobFailure(
          "Feature table "
              + spec.table()
              + " mixes definition hashes "
              + found
              + " in the rows the labels need (event time "
              + Timestamp.from(first.get().toInstant().minus(spec.ttl()))
              + " to "
              + last.get()
              + "): its definition changed. Backfill the feature set over that range"
              + " (build-features --from D1 --to D2), then re-run build-training-set.");
    }
    return found.stream().findFirst();
  }

  /**
   * The label times the feature table covers: from its first to the end of its last date partition
   * (taken from the Delta log of the version read, so no data file is opened), or without a date
   * column (or when it is no partition column) from the first to the last event time among the rows
   * read. (The partition values come from the Delta log directly: DeltaInput reads rows, and has no
   * view of a version's file list.)
   */
  private static Optional<PointInTimeJoin.Coverage> coverage(
      JobContext<?> context, TableRef table, Read read, Dataset<Row> pruned, FeatureJoinSpec spec) {
    Row row = null;
    if (spec.dateColumn().isPresent()) {
      Column date =
          col("partitionValues").getItem(spec.dateColumn().get()).cast(DataTypes.DateType);
      row =
          DeltaLog.forTable(context.spark(), context.pathOf(table))
              .getSnapshotAt(read.version(), Option.empty(), Option.empty())
              .allFiles()
              .toDF()
              .agg(
                  min(date).cast(DataTypes.TimestampType),
                  date_add(max(date), 1).cast(DataTypes.TimestampType))
              .first();
      if (!row.isNullAt(0)) {
        // The day after the last partition starts outside the range.
        return Optional.of(
            new PointInTimeJoin.Coverage(
                row.getTimestamp(0),
                Timestamp.from(row.getTimestamp(1).toInstant().minus(Duration.ofNanos(1_000)))));
      }
      // Not a partition column (or an empty table): fall back to the rows read.
    }
    Column event = col(spec.eventTimeColumn()).cast(DataTypes.TimestampType);
    row = pruned.agg(min(event), max(event)).first();
    return row.isNullAt(0)
        ? Optional.empty()
        : Optional.of(new PointInTimeJoin.Coverage(row.getTimestamp(0), row.getTimestamp(1)));
  }

  /**
   * Reads {@code table} at its latest version and records it as an input of the run, with {@code
   * details}: the one place this job reads tables. The version comes with the rows (the same pinned
   * one) because {@link #coverage} reads that version's Delta log.
   */
  private static Read read(JobContext<?> context, TableRef table, Map<String, Object> details) {
    DeltaInput input =
        context.input(table).latest().writtenBy("ingest-files, check-quality, build-features");
    for (Map.Entry<String, Object> detail : details.entrySet()) {
      input = input.detail(detail.getKey(), detail.getValue());
    }
    return new Read(input.read(), input.version());
  }
}
