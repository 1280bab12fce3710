package io.mljobs.common.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import io.mljobs.common.job.RunIdentity;
import io.mljobs.common.schema.DeclaredSchema;
import io.mljobs.common.schema.SchemaConformer;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The bookkeeping columns every ingest adds, and the split of conformed rows into bronze and
 * quarantine. One layout for files, JDBC and Kafka, so downstream code and users learn it once.
 *
 * <p>Bronze: the declared columns, then {@code _run_id}, {@code _run_date}, {@code _ingested_at},
 * {@code _source} and the source position columns. Quarantine: {@code source}, {@code raw_record},
 * {@code reason}, {@code rule}, {@code source_position}, {@code _run_id}, {@code _run_date}, {@code
 * _ingested_at}. A Kafka-fed bronze table's position columns are {@link #KAFKA_POSITION}, its
 * quarantine position {@code topic/partition/offset}.
 */
public final class IngestColumns {
  public static final String RUN_ID = "_run_id";
  public static final String RUN_DATE = "_run_date";
  public static final String INGESTED_AT = "_ingested_at";

  /** Kafka position columns of a bronze table fed from Kafka (see {@link #KAFKA_POSITION}). */
  public static final String KAFKA_TOPIC = "_kafka_topic";

  public static final String KAFKA_PARTITION = "_kafka_partition";
  public static final String KAFKA_OFFSET = "_kafka_offset";
  public static final String KAFKA_TIMESTAMP = "_kafka_timestamp";
  public static final String KAFKA_KEY = "_kafka_key";

  /**
   * The position columns a Kafka-fed bronze table carries, in order: topic, partition, offset, the
   * broker's timestamp and the message key (as UTF-8 text).
   */
  public static final List<String> KAFKA_POSITION =
      List.of(KAFKA_TOPIC, KAFKA_PARTITION, KAFKA_OFFSET, KAFKA_TIMESTAMP, KAFKA_KEY);

  /** The schema of {@link #rejectColumns}. */
  public static final StructType REJECT_SCHEMA =
      StructType.fromDDL("raw_record STRING, reason STRING, rule STRING, source_position STRING");

  private IngestColumns() {}

  /** Rows that passed, with the declared columns, run columns and {@code positionColumns}. */
  public static Dataset<Row> bronze(
      Dataset<Row> conformed,
      DeclaredSchema schema,
      RunIdentity run,
      List<String> positionColumns) {
    List<Column> columns = new ArrayList<>();
    schema.outputColumnNames().forEach(n -> columns.add(col("`" + n + "`")));
    columns.add(lit(run.runId()).as(RUN_ID));
    columns.add(lit(Date.valueOf(run.runDate())).as(RUN_DATE));
    columns.add(current_timestamp().as(INGESTED_AT));
    positionColumns.forEach(p -> columns.add(col(p)));
    return conformed
        .filter(col(SchemaConformer.REASON).isNull())
        .select(columns.toArray(Column[]::new));
  }

  /** A Kafka message's quarantine {@code source_position}: {@code topic/partition/offset}. */
  public static Column kafkaPosition() {
    return concat_ws("/", col(KAFKA_TOPIC), col(KAFKA_PARTITION), col(KAFKA_OFFSET));
  }

  /** Rejected rows with the raw record, every reason, and where they came from. */
  public static Dataset<Row> quarantine(
      Dataset<Row> conformed, String source, Column position, RunIdentity run) {
    return quarantineOf(
        conformed
            .filter(col(SchemaConformer.REASON).isNotNull())
            .select(rejectColumns(position).toArray(Column[]::new)),
        source,
        run);
  }

  /**
   * What a rejected conformed row contributes to its quarantine row, in order: {@code raw_record},
   * {@code reason}, {@code rule}, {@code source_position} (all strings; see {@link
   * #REJECT_SCHEMA}).
   */
  public static List<Column> rejectColumns(Column position) {
    return List.of(
        col(SchemaConformer.RAW).as("raw_record"),
        col(SchemaConformer.REASON).as("reason"),
        col(SchemaConformer.RULE).as("rule"),
        position.cast("string").as("source_position"));
  }

  /**
   * Quarantine rows from rejects already projected to {@link #rejectColumns} (e.g. rejects a batch
   * writer collected while writing bronze): adds the source and the run columns.
   */
  public static Dataset<Row> quarantineOf(Dataset<Row> rejects, String source, RunIdentity run) {
    return rejects.select(
        lit(source).as("source"),
        col("raw_record"),
        col("reason"),
        col("rule"),
        col("source_position"),
        lit(run.runId()).as(RUN_ID),
        lit(Date.valueOf(run.runDate())).as(RUN_DATE),
        current_timestamp().as(INGESTED_AT));
  }
}
