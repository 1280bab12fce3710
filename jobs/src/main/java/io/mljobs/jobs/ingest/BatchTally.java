package io.mljobs.jobs.ingest;

import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF6;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.AccumulatorV2;
import org.apache.spark.util.TaskCompletionListener;

/**
 * What an ingest batch counts while it writes bronze, so that one pass over the batch does the
 * write, the tally and the quarantine: rows per source position, the number of rejected rows, and
 * the rejected rows themselves (their {@link io.mljobs.common.source.IngestColumns#REJECT_SCHEMA}
 * fields) up to a memory bound. When more rejects than that arrive, {@link #allRejectsKept()} is
 * false and the writer reads the batch a second time for the quarantine instead.
 *
 * <p>An accumulator fed by the bronze write's row filter ({@link #passedFilter}): the write is a
 * Spark action, so each task's additions count exactly once, retried tasks included. ({@code
 * Dataset.observe} with a typed aggregate would be the declarative way, but Spark 3.5 cannot send
 * such an aggregate's state back from tasks.)
 */
public final class BatchTally extends AccumulatorV2<String[], BatchTally> {
  private static final long serialVersionUID = 1L;

  /** The rule of rows that did not parse as records. */
  public static final String MALFORMED = "malformed";

  /** Marks the message of a task failed by {@link #maxMalformedFraction}. */
  public static final String MALFORMED_MARKER = "max-malformed-fraction";

  private final long maxKeptChars;
  private final double maxMalformedFraction;
  private transient boolean checksOnTaskEnd;
  private final HashMap<String, Long> rowsPerPosition = new HashMap<>();
  private final HashMap<String, Long> rejectsPerPosition = new HashMap<>();
  private final HashMap<String, Long> malformedPerPosition = new HashMap<>();
  private final HashMap<String, Long> hashSums = new HashMap<>();
  private final ArrayList<String[]> kept = new ArrayList<>();
  private long rejects;
  private long keptChars;
  private boolean overflowed;

  /**
   * @param maxKeptChars the most characters of reject text (raw record + reason) kept in memory;
   *     bounds what tasks send to the driver
   */
  public BatchTally(long maxKeptChars) {
    this(maxKeptChars, 1.0);
  }

  /**
   * @param maxMalformedFraction a task that read a position (a file, or one split of a large file)
   *     with a larger share of malformed rows fails, so the batch's write fails before its commit
   *     (1 = never)
   */
  public BatchTally(long maxKeptChars, double maxMalformedFraction) {
    this.maxKeptChars = maxKeptChars;
    this.maxMalformedFraction = maxMalformedFraction;
  }

  /**
   * A new tally registered with Spark, ready for {@link #passedFilter}. Unnamed on purpose: Spark
   * shows named accumulators' values in its UI and event log, and the kept rejects are data.
   */
  public static BatchTally registered(SparkSession spark, long maxKeptChars) {
    return registered(spark, maxKeptChars, 1.0);
  }

  /**
   * As {@link #registered(SparkSession, long)}, failing tasks over {@code maxMalformedFraction}.
   */
  public static BatchTally registered(
      SparkSession spark, long maxKeptChars, double maxMalformedFraction) {
    BatchTally tally = new BatchTally(maxKeptChars, maxMalformedFraction);
    spark.sparkContext().register(tally);
    return tally;
  }

  /**
   * A filter condition, true for rows that passed: it feeds this tally with each row's position key
   * and its four reject columns (null reason = passed).
   */
  public Column passedFilter(Column position, List<Column> rejectColumns) {
    return passedFilter(position, rejectColumns, lit(null).cast(DataTypes.LongType));
  }

  /**
   * As {@link #passedFilter(Column, List)}, also summing {@code rowHash} (a 64-bit hash of the
   * row's content) per position: equal sums and row counts mean the same rows, in any order.
   */
  public Column passedFilter(Column position, List<Column> rejectColumns, Column rowHash) {
    BatchTally tally = this;
    UDF6<String, String, String, String, String, Long, Boolean> record =
        (pos, raw, reason, rule, sourcePosition, hash) -> {
          tally.add(new String[] {pos, raw, reason, rule, sourcePosition});
          if (hash != null) {
            tally.hashSums.merge(pos == null ? "null" : pos, hash, Long::sum);
          }
          return reason == null;
        };
    // Non-deterministic: Spark must call it exactly once per row, where it stands.
    UserDefinedFunction udf = functions.udf(record, DataTypes.BooleanType).asNondeterministic();
    List<Column> inputs = new ArrayList<>();
    inputs.add(position);
    inputs.addAll(rejectColumns);
    inputs.add(rowHash);
    return udf.apply(inputs.toArray(Column[]::new));
  }

  /**
   * A fingerprint of each position's content ({@code <rows>-<hash sum>}), for positions whose rows
   * were hashed.
   */
  public Map<String, String> fingerprints() {
    Map<String, String> prints = new TreeMap<>();
    hashSums.forEach(
        (position, sum) ->
            prints.put(position, rowsPerPosition.get(position) + "-" + Long.toHexString(sum)));
    return prints;
  }

  /** Rows (passed and rejected) per position key. */
  public Map<String, Long> rowsPerPosition() {
    return new TreeMap<>(rowsPerPosition);
  }

  /** Rejected rows per position key (positions without rejects are absent). */
  public Map<String, Long> rejectsPerPosition() {
    return new TreeMap<>(rejectsPerPosition);
  }

  /** Rows rejected as malformed (rule {@code malformed}) per position key. */
  public Map<String, Long> malformedPerPosition() {
    return new TreeMap<>(malformedPerPosition);
  }

  public long rejects() {
    return rejects;
  }

  /** Rows that passed: every row counted minus the rejects. */
  public long passed() {
    return rowsPerPosition.values().stream().mapToLong(Long::longValue).sum() - rejects;
  }

  /** True when every reject is in {@link #keptRejects()}. */
  public boolean allRejectsKept() {
    return !overflowed && kept.size() == rejects;
  }

  /** The kept rejects as rows of {@code IngestColumns.REJECT_SCHEMA}. */
  public List<Row> keptRejects() {
    List<Row> rows = new ArrayList<>(kept.size());
    for (String[] r : kept) {
      rows.add(RowFactory.create((Object[]) r));
    }
    return rows;
  }

  @Override
  public void add(String[] row) {
    if (!checksOnTaskEnd && maxMalformedFraction < 1.0) {
      checksOnTaskEnd = true;
      TaskContext task = TaskContext.get();
      if (task != null) {
        // Runs after the task's last row and before its output can be committed: a failed task
        // fails the write, so nothing of the file is loaded.
        task.addTaskCompletionListener(
            (TaskCompletionListener) context -> failIfMostlyMalformed(context));
      }
    }
    String position = row[0] == null ? "null" : row[0];
    rowsPerPosition.merge(position, 1L, Long::sum);
    if (row[2] != null) {
      rejects++;
      rejectsPerPosition.merge(position, 1L, Long::sum);
      if (MALFORMED.equals(row[3])) {
        malformedPerPosition.merge(position, 1L, Long::sum);
      }
      keep(new String[] {row[1], row[2], row[3], row[4]});
    }
  }

  @Override
  public void merge(AccumulatorV2<String[], BatchTally> other) {
    BatchTally b = (BatchTally) other;
    b.rowsPerPosition.forEach((k, v) -> rowsPerPosition.merge(k, v, Long::sum));
    b.rejectsPerPosition.forEach((k, v) -> rejectsPerPosition.merge(k, v, Long::sum));
    b.malformedPerPosition.forEach((k, v) -> malformedPerPosition.merge(k, v, Long::sum));
    b.hashSums.forEach((k, v) -> hashSums.merge(k, v, Long::sum));
    rejects += b.rejects;
    if (b.overflowed) {
      overflow();
    }
    for (String[] r : b.kept) {
      keep(r);
    }
  }

  /** Fails the (successful) task when a position it read is over the malformed share. */
  private void failIfMostlyMalformed(TaskContext context) {
    if (context.isInterrupted() || context.isFailed()) {
      return;
    }
    for (Map.Entry<String, Long> e : malformedPerPosition.entrySet()) {
      long rows = rowsPerPosition.getOrDefault(e.getKey(), 0L);
      if (rows > 0 && (double) e.getValue() / rows > maxMalformedFraction) {
        throw new IllegalStateException(
            "File "
                + e.getKey()
                + ": "
                + e.getValue()
                + " of "
                + rows
                + " rows are malformed ("
                + Math.round(100.0 * e.getValue() / rows)
                + "%), over "
                + MALFORMED_MARKER
                + " "
                + maxMalformedFraction);
      }
    }
  }

  private void keep(String[] reject) {
    if (overflowed) {
      return;
    }
    long chars = length(reject[0]) + length(reject[1]) + 64;
    if (keptChars + chars > maxKeptChars) {
      overflow();
      return;
    }
    kept.add(reject);
    keptChars += chars;
  }

  /** Past the bound nothing more is kept: the writer reads the batch again for its rejects. */
  private void overflow() {
    overflowed = true;
    kept.clear();
    keptChars = 0;
  }

  private static long length(String s) {
    return s == null ? 0 : s.length();
  }

  @Override
  public boolean isZero() {
    return rowsPerPosition.isEmpty() && rejects == 0 && !overflowed;
  }

  @Override
  public BatchTally copy() {
    BatchTally copy = new BatchTally(maxKeptChars, maxMalformedFraction);
    copy.merge(this);
    return copy;
  }

  @Override
  public void reset() {
    rowsPerPosition.clear();
    rejectsPerPosition.clear();
    malformedPerPosition.clear();
    hashSums.clear();
    kept.clear();
    rejects = 0;
    keptChars = 0;
    overflowed = false;
  }

  @Override
  public BatchTally value() {
    return this;
  }

  @Override
  public String toString() {
    return "BatchTally(positions=" + rowsPerPosition.size() + ", rejects=" + rejects + ")";
  }
}
