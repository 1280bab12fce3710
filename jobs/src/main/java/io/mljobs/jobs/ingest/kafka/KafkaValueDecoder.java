package io.mljobs.jobs.ingest.kafka;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.mljobs.common.schema.DeclaredSchema;
import io.mljobs.common.schema.SchemaConformer;
import io.mljobs.common.source.IngestColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes Kafka messages by a declared schema. Pure: {@code Dataset -> Dataset}, no IO.
 *
 * <p>Input: rows as Spark's Kafka source delivers them ({@code key}, {@code value}, {@code topic},
 * {@code partition}, {@code offset}, {@code timestamp}, ...). Output: the declared columns typed,
 * {@link SchemaConformer}'s reason, rule and raw-record columns, and the Kafka position columns
 * {@link IngestColumns#KAFKA_POSITION}. The raw record of every row is the value's text as
 * received, so a quarantined message can be replayed as it was.
 *
 * <p>JSON: the value is parsed with {@code from_json} into the declared columns as strings (a JSON
 * number or object keeps its JSON text), then typed and checked like any other text source. A value
 * that is not JSON, not a JSON object, or absent (a tombstone) breaks rule {@code malformed}.
 *
 * <p>Another value format plugs in here: a decoder that yields the same columns (for Avro, {@code
 * from_avro} with the writer schema, its fields cast to strings) and the same malformed flag.
 */
final class KafkaValueDecoder {
  /** The value as UTF-8 text. */
  static final String VALUE_TEXT = "_kafka_value";

  private static final String CORRUPT = "_corrupt_record";
  private static final String DECODED = "_decoded";

  private KafkaValueDecoder() {}

  /** Decodes and conforms: what the batch writer splits into bronze and quarantine. */
  static Dataset<Row> conform(Dataset<Row> messages, KafkaSourceSpec source) {
    return conform(messages, source.schema());
  }

  static Dataset<Row> conform(Dataset<Row> messages, DeclaredSchema schema) {
    return SchemaConformer.conform(decodeJson(messages, schema), schema, CORRUPT)
        .withColumn(
            SchemaConformer.RAW,
            when(col(SchemaConformer.REASON).isNotNull(), coalesce(col(VALUE_TEXT), lit(""))))
        .drop(VALUE_TEXT);
  }

  /**
   * The declared columns as strings, the Kafka position columns, the value's text and a corrupt
   * column holding the text of every value that is not a JSON object.
   */
  static Dataset<Row> decodeJson(Dataset<Row> messages, DeclaredSchema schema) {
    StructType parseSchema = schema.rawStringSchema().add(CORRUPT, DataTypes.StringType, true);
    Dataset<Row> text =
        messages.select(
            col("topic").as(IngestColumns.KAFKA_TOPIC),
            col("partition").as(IngestColumns.KAFKA_PARTITION),
            col("offset").as(IngestColumns.KAFKA_OFFSET),
            col("timestamp").as(IngestColumns.KAFKA_TIMESTAMP),
            col("key").cast(DataTypes.StringType).as(IngestColumns.KAFKA_KEY),
            col("value").cast(DataTypes.StringType).as(VALUE_TEXT));
    Dataset<Row> parsed =
        text.withColumn(
            DECODED,
            from_json(
                col(VALUE_TEXT),
                parseSchema,
                Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT)));

    List<Column> columns = new ArrayList<>();
    IngestColumns.KAFKA_POSITION.forEach(c -> columns.add(col(c)));
    columns.add(col(VALUE_TEXT));
    for (String name : schema.columnNames()) {
      columns.add(col(DECODED).getField(name).as(name));
    }
    Column notAnObject =
        col(VALUE_TEXT)
            .isNull()
            .or(col(DECODED).isNull())
            .or(col(DECODED).getField(CORRUPT).isNotNull());
    columns.add(when(notAnObject, coalesce(col(VALUE_TEXT), lit(""))).as(CORRUPT));
    return parsed.select(columns.toArray(Column[]::new));
  }
}
