package io.mljobs.jobs.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.mljobs.common.delta.DeltaOutput;
import io.mljobs.common.delta.DeltaWriteResult;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.schema.SchemaConformer;
import io.mljobs.common.source.IngestColumns;
import io.mljobs.quality.CheckOutcome;
import io.mljobs.quality.CheckStatus;
import io.mljobs.quality.DatasetSpec;
import io.mljobs.quality.DuplicateKeys;
import io.mljobs.quality.PromotionSpec;
import io.mljobs.quality.RowChecks;
import io.mljobs.quality.RowLevelMode;
import io.mljobs.quality.Severity;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * One dataset's promotion to silver after its checks passed, in two steps: {@link #plan} splits the
 * rows into promoted and quarantined ones and judges the split (the guards of {@link
 * PromotionSpec}); {@link #execute} writes quarantine and silver only when the guards passed.
 *
 * <p>Guards, each a gating outcome added to the dataset's report: more than {@code
 * max-quarantine-fraction} of the rows to quarantine, and a promotion of zero rows that would
 * replace silver rows ({@code allow-empty-promotion}). With a primary key, silver is merged on it
 * ({@code on-duplicate-key = merge}) or rows whose key is already in silver are quarantined.
 */
final class SilverPromotion implements AutoCloseable {
  /** Name of the outcome judging the share of rows to quarantine. */
  static final String QUARANTINE_CHECK = "max-quarantine-fraction";

  /** Name of the outcome refusing to replace silver rows with none. */
  static final String EMPTY_CHECK = "empty-promotion";

  private static final int TOP_REASONS = 5;

  private final JobContext<CheckQualityConfig> context;
  private final DatasetSpec dataset;
  private final Dataset<Row> rows;
  private final Optional<String> replaced;
  private final PromotionLineage lineage;
  private final LocalDate date; // the date partition promoted
  private final Dataset<Row> annotated; // null when nothing can go to quarantine
  private final long promoted;
  private final long quarantined;
  private final List<CheckOutcome> outcomes;

  private SilverPromotion(
      JobContext<CheckQualityConfig> context,
      DatasetSpec dataset,
      Dataset<Row> rows,
      Optional<String> replaced,
      PromotionLineage lineage,
      LocalDate date,
      Dataset<Row> annotated,
      long promoted,
      long quarantined,
      List<CheckOutcome> outcomes) {
    this.context = context;
    this.dataset = dataset;
    this.rows = rows;
    this.replaced = replaced;
    this.lineage = lineage;
    this.date = date;
    this.annotated = annotated;
    this.promoted = promoted;
    this.quarantined = quarantined;
    this.outcomes = List.copyOf(outcomes);
  }

  /**
   * Splits {@code rows} and judges the split; writes nothing.
   *
   * @param rows the checked rows (all columns)
   * @param checkedRows how many rows the checks counted in {@code rows}
   * @param replaced the SQL predicate of the silver rows this promotion replaces (the run date's
   *     partition); empty when it replaces the whole table
   * @param lineage what the promotion is made from, recorded with the silver commit
   * @param date the date whose rows are promoted (its writes are idempotent per run id and date)
   */
  static SilverPromotion plan(
      JobContext<CheckQualityConfig> context,
      DatasetSpec dataset,
      Dataset<Row> rows,
      long checkedRows,
      Optional<String> replaced,
      PromotionLineage lineage,
      LocalDate date) {
    PromotionSpec spec = dataset.promotion();
    boolean routing = dataset.rowLevel() == RowLevelMode.QUARANTINE;
    boolean rejectDuplicates =
        spec.hasPrimaryKey()
            && spec.onDuplicateKey() == PromotionSpec.OnDuplicateKey.QUARANTINE
            && replaced.isPresent(); // a whole-table overwrite keeps no earlier key
    if (!routing && !rejectDuplicates) {
      List<CheckOutcome> outcomes = new ArrayList<>();
      emptyPromotion(context, dataset, checkedRows, replaced).ifPresent(outcomes::add);
      return new SilverPromotion(
          context, dataset, rows, replaced, lineage, date, null, checkedRows, 0, outcomes);
    }
    Dataset<Row> split =
        RowChecks.annotate(dataset, rows, ref -> CheckQualityJob.reference(context, ref));
    if (rejectDuplicates) {
      split = rejectDuplicates(context, dataset, split, replaced.get());
    }
    // The split is read three times (counts, quarantine write, silver write): cache it.
    split = split.persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, Long> byRule = new LinkedHashMap<>();
    long passed = 0;
    for (Row r : split.groupBy(col(SchemaConformer.RULE)).count().collectAsList()) {
      if (r.isNullAt(0)) {
        passed = r.getLong(1);
      } else {
        byRule.put(r.getString(0).substring(RowChecks.RULE_PREFIX.length()), r.getLong(1));
      }
    }
    long rejected = byRule.values().stream().mapToLong(Long::longValue).sum();
    List<CheckOutcome> outcomes = new ArrayList<>();
    outcomes.add(quarantineShare(context, dataset, passed, rejected, byRule));
    emptyPromotion(context, dataset, passed, replaced).ifPresent(outcomes::add);
    return new SilverPromotion(
        context, dataset, rows, replaced, lineage, date, split, passed, rejected, outcomes);
  }

  /** The outcomes of the guards, to add to the dataset's report. */
  List<CheckOutcome> outcomes() {
    return outcomes;
  }

  /**
   * Writes quarantine (replacing this date's earlier quality rejects) and silver; returns what was
   * promoted, in one line (numbers, never null).
   */
  String execute() {
    Dataset<Row> passed = rows;
    if (annotated != null) {
      writeQuarantine();
      passed = RowChecks.passed(annotated);
    }
    PromotionSpec spec = dataset.promotion();
    boolean merge =
        spec.hasPrimaryKey() && spec.onDuplicateKey() == PromotionSpec.OnDuplicateKey.MERGE;
    Map<String, Object> metadata = new LinkedHashMap<>(context.run().commitMetadata());
    metadata.putAll(lineage.commitMetadata());
    DeltaOutput silver =
        DatasetTables.output(context, dataset.silverTable(), date).userMetadata(metadata);
    if (merge) {
      silver = silver.mergeOn(spec.primaryKey().toArray(String[]::new));
    } else if (replaced.isPresent()) {
      silver = silver.replaceWhere(replaced.get());
    } else {
      silver = silver.overwrite();
    }
    if (dataset.partitionColumn().isPresent()) {
      silver = silver.partitionBy(dataset.partitionColumn().get());
    }
    DeltaWriteResult written = silver.execute(passed);
    String prefix = "quality." + dataset.name() + ".";
    context.metric(prefix + "promoted", promoted);
    StringBuilder line = new StringBuilder("gate passed: ");
    if (written.skipped()) {
      line.append("already promoted by this run id (")
          .append(dataset.silverTable())
          .append(
              written.version() == null
                  ? " at a version no longer in recent history)"
                  : " version " + written.version() + ")");
    } else {
      line.append(promoted)
          .append(" row(s) promoted to ")
          .append(dataset.silverTable())
          .append(" version ")
          .append(written.version());
      if (merge) {
        Map<String, String> m = written.operationMetrics();
        long inserted = Long.parseLong(m.getOrDefault("numTargetRowsInserted", "0"));
        long updated = Long.parseLong(m.getOrDefault("numTargetRowsUpdated", "0"));
        line.append(" (merged on ")
            .append(spec.primaryKey())
            .append(": ")
            .append(inserted)
            .append(" new, ")
            .append(updated)
            .append(" replaced)");
        context.metric(prefix + "merged_new", inserted);
        context.metric(prefix + "merged_replaced", updated);
      }
    }
    if (annotated != null) {
      line.append("; ").append(quarantined).append(" row(s) to ").append(dataset.quarantineTable());
    }
    context.console().println("  -> " + line);
    return line.toString();
  }

  @Override
  public void close() {
    if (annotated != null) {
      annotated.unpersist();
    }
  }

  private void writeQuarantine() {
    Column position =
        Arrays.asList(rows.columns()).contains("_source_file")
            ? col("_source_file")
            : lit(null).cast("string");
    Dataset<Row> rejected =
        IngestColumns.quarantine(annotated, dataset.name(), position, context.run());
    String quarantinePath = context.pathOf(dataset.quarantineTable());
    boolean exists = DeltaTable.isDeltaTable(context.spark(), quarantinePath);
    if (exists || quarantined > 0) {
      // Replaces this date's earlier quality rejects (a re-run with another run id), and never
      // touches the ingest rejects that share the table.
      DeltaOutput out = DatasetTables.output(context, dataset.quarantineTable(), date);
      DeltaOutput write =
          exists
              ? out.replaceWhere(
                  CheckQualityJob.quarantinedOn(dataset, date)
                      + " AND rule LIKE '"
                      + RowChecks.RULE_PREFIX
                      + "%'")
              : out.append();
      write.execute(rejected);
      context.metric("quality." + dataset.name() + ".quarantined", quarantined);
    }
  }

  /** Marks rows whose key is already in silver, outside the rows this promotion replaces. */
  private static Dataset<Row> rejectDuplicates(
      JobContext<CheckQualityConfig> context,
      DatasetSpec dataset,
      Dataset<Row> annotated,
      String replaced) {
    String silverPath = context.pathOf(dataset.silverTable());
    if (!DeltaTable.isDeltaTable(context.spark(), silverPath)) {
      return annotated;
    }
    Dataset<Row> kept =
        context
            .spark()
            .read()
            .format("delta")
            .load(silverPath)
            .where(expr("NOT coalesce((" + replaced + "), false)"));
    return DuplicateKeys.reject(
        annotated, dataset.promotion().primaryKey(), kept, dataset.silverTable().toString());
  }

  private static CheckOutcome quarantineShare(
      JobContext<CheckQualityConfig> context,
      DatasetSpec dataset,
      long passed,
      long rejected,
      Map<String, Long> byRule) {
    double max = dataset.promotion().maxQuarantineFraction();
    long total = passed + rejected;
    double share = total == 0 ? 0.0 : (double) rejected / total;
    if (share <= max) {
      return new CheckOutcome(
          QUARANTINE_CHECK,
          "promotion",
          Severity.ERROR,
          CheckStatus.SUCCESS,
          share,
          rejected == 0 ? "" : rejected + " of " + total + " row(s) to quarantine",
          true);
    }
    String reasons =
        byRule.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
            .limit(TOP_REASONS)
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "));
    String message =
        rejected
            + " of "
            + total
            + " row(s) ("
            + percent(share)
            + ") would go to "
            + dataset.quarantineTable()
            + ", over max-quarantine-fraction "
            + number(max)
            + " ("
            + percent(max)
            + "); top reasons: "
            + reasons
            + ". Nothing was promoted or quarantined. Fix the delivery (or the checks), or raise"
            + " mljobs.datasets."
            + dataset.name()
            + ".max-quarantine-fraction.";
    return new CheckOutcome(
        QUARANTINE_CHECK, "promotion", Severity.ERROR, CheckStatus.FAILURE, share, message, true);
  }

  /** A failure when promoting {@code promoted} rows would replace silver rows with none. */
  private static Optional<CheckOutcome> emptyPromotion(
      JobContext<CheckQualityConfig> context,
      DatasetSpec dataset,
      long promoted,
      Optional<String> replaced) {
    PromotionSpec spec = dataset.promotion();
    boolean merge =
        spec.hasPrimaryKey() && spec.onDuplicateKey() == PromotionSpec.OnDuplicateKey.MERGE;
    if (promoted > 0 || merge || spec.allowEmptyPromotion()) {
      return Optional.empty(); // a merge never deletes
    }
    String silverPath = context.pathOf(dataset.silverTable());
    if (!DeltaTable.isDeltaTable(context.spark(), silverPath)) {
      return Optional.empty();
    }
    Dataset<Row> current = context.spark().read().format("delta").load(silverPath);
    if (replaced.isPresent()) {
      current = current.where(expr(replaced.get()));
    }
    long held = current.count();
    if (held == 0) {
      return Optional.empty();
    }
    String what = dataset.silverTable() + replaced.map(p -> " (" + p + ")").orElse("");
    return Optional.of(
        new CheckOutcome(
            EMPTY_CHECK,
            "promotion",
            Severity.ERROR,
            CheckStatus.FAILURE,
            0.0,
            "0 row(s) to promote would replace the "
                + held
                + " row(s) "
                + what
                + " holds now; nothing was promoted. If the delivery really is empty, set"
                + " mljobs.datasets."
                + dataset.name()
                + ".allow-empty-promotion = true and re-run.",
            true));
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.2f%%", share * 100);
  }

  private static String number(double value) {
    return value == Math.rint(value)
        ? String.valueOf((long) value)
        : String.format(Locale.ROOT, "%s", value);
  }
}
