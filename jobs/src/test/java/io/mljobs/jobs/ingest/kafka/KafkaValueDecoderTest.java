package io.mljobs.jobs.ingest.kafka;

import static io.mljobs.common.testing.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mljobs.common.config.Settings;
import io.mljobs.common.job.RunIdentity;
import io.mljobs.common.schema.DeclaredSchema;
import io.mljobs.common.source.IngestColumns;
import io.mljobs.common.testing.Rows;
import io.mljobs.common.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pure decode-and-conform step of ingest-stream, on inline Kafka-shaped rows. */
@ExtendWith(SharedSpark.class)
class KafkaValueDecoderTest {
  private static final String KAFKA_SCHEMA =
      "key BINARY, value BINARY, topic STRING, partition INT, offset BIGINT, timestamp TIMESTAMP,"
          + " timestampType INT";
  private static final Timestamp TS = Timestamp.valueOf("2026-11-01 10:00:00");
  private static final RunIdentity RUN =
      new RunIdentity("ingest-stream", LocalDate.of(2026, 11, 1), "r1", "a1", "test");

  private static final DeclaredSchema SCHEMA = schema();

  private static DeclaredSchema schema() {
    Settings schemas =
        Settings.of(
            ConfigFactory.parseString(
                """
                tx.columns = [
                  { name = id, type = string, nullable = false }
                  { name = ts, type = timestamp, format = "yyyy-MM-dd'T'HH:mm:ssX" }
                  { name = amount, type = "decimal(10,2)", nullable = false }
                  { name = tags, type = string }
                ]
                """));
    return DeclaredSchema.from("tx", schemas, "test");
  }

  private static Row message(int partition, long offset, String key, String value) {
    return row(
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value == null ? null : value.getBytes(StandardCharsets.UTF_8),
        "payments",
        partition,
        offset,
        TS,
        0);
  }

  private static Dataset<Row> conform(SparkSession spark, Row... messages) {
    return KafkaValueDecoder.conform(Rows.frame(spark, KAFKA_SCHEMA, messages), SCHEMA);
  }

  @Test
  void goodMessageIsTypedAndKeepsItsKafkaPosition(SparkSession spark) {
    Dataset<Row> conformed =
        conform(
            spark,
            message(
                2,
                41,
                "t1",
                "{\"id\":\"t1\",\"ts\":\"2026-11-01T10:00:00Z\",\"amount\":12.5,"
                    + "\"tags\":[\"a\",\"b\"],\"extra\":true}"));
    List<Row> bronze =
        IngestColumns.bronze(conformed, SCHEMA, RUN, IngestColumns.KAFKA_POSITION).collectAsList();
    assertEquals(1, bronze.size());
    Row row = bronze.get(0);
    assertEquals("t1", row.getAs("id"));
    assertEquals("12.50", row.<java.math.BigDecimal>getAs("amount").toPlainString());
    assertEquals("[\"a\",\"b\"]", row.getAs("tags"), "a JSON array keeps its JSON text");
    assertEquals("payments", row.getAs(IngestColumns.KAFKA_TOPIC));
    assertEquals(2, row.<Integer>getAs(IngestColumns.KAFKA_PARTITION));
    assertEquals(41L, row.<Long>getAs(IngestColumns.KAFKA_OFFSET));
    assertEquals(TS, row.getAs(IngestColumns.KAFKA_TIMESTAMP));
    assertEquals("t1", row.getAs(IngestColumns.KAFKA_KEY));
    assertEquals(
        List.of(
            "id",
            "ts",
            "amount",
            "tags",
            "_run_id",
            "_run_date",
            "_ingested_at",
            "_kafka_topic",
            "_kafka_partition",
            "_kafka_offset",
            "_kafka_timestamp",
            "_kafka_key"),
        Arrays.asList(row.schema().fieldNames()));
    assertEquals(
        0, IngestColumns.quarantine(conformed, "s", IngestColumns.kafkaPosition(), RUN).count());
  }

  @Test
  void poisonMessagesGoToQuarantineWithTheirOffsetAndRawText(SparkSession spark) {
    List<String> poison =
        List.of("PING", "<event id=\"t9\"/>", "{broken json for t9", "[1,2]", "42", "\"text\"");
    List<Row> messages = new ArrayList<>();
    for (int i = 0; i < poison.size(); i++) {
      messages.add(message(1, 100 + i, "t9", poison.get(i)));
    }
    messages.add(message(0, 7, "t1", "{\"id\":\"t1\",\"amount\":\"1.00\"}"));
    Dataset<Row> conformed = conform(spark, messages.toArray(Row[]::new));

    List<Row> rejected =
        IngestColumns.quarantine(conformed, "payments_stream", IngestColumns.kafkaPosition(), RUN)
            .orderBy("source_position")
            .collectAsList();
    assertEquals(poison.size(), rejected.size());
    for (int i = 0; i < poison.size(); i++) {
      Row row = rejected.get(i);
      assertEquals("payments/1/" + (100 + i), row.getAs("source_position"));
      assertEquals(poison.get(i), row.getAs("raw_record"), "the value's text as received");
      assertEquals("malformed", row.getAs("rule"), poison.get(i));
      assertTrue(row.<String>getAs("reason").startsWith("malformed record"), row.toString());
      assertEquals("payments_stream", row.getAs("source"));
    }
    List<Row> bronze =
        IngestColumns.bronze(conformed, SCHEMA, RUN, IngestColumns.KAFKA_POSITION).collectAsList();
    assertEquals(1, bronze.size(), "a poison message does not stop the others");
    assertEquals(7L, bronze.get(0).<Long>getAs(IngestColumns.KAFKA_OFFSET));
  }

  @Test
  void valuesThatDoNotFitTheSchemaKeepTheirRawTextAndEveryReason(SparkSession spark) {
    String badAmount = "{\"id\":\"t2\",\"ts\":\"yesterday\",\"amount\":\"lots\"}";
    String noId = "{ \"amount\" : 3 }";
    Dataset<Row> conformed =
        conform(spark, message(0, 1, "t2", badAmount), message(0, 2, null, noId));
    List<Row> rejected =
        IngestColumns.quarantine(conformed, "s", IngestColumns.kafkaPosition(), RUN)
            .orderBy("source_position")
            .collectAsList();
    assertEquals(2, rejected.size());
    assertEquals(badAmount, rejected.get(0).getAs("raw_record"));
    assertEquals("type", rejected.get(0).getAs("rule"));
    String reason = rejected.get(0).getAs("reason");
    assertTrue(reason.contains("amount: 'lots' is not a valid decimal(10,2)"), reason);
    assertTrue(reason.contains("ts: 'yesterday' is not a valid timestamp"), reason);
    assertEquals(noId, rejected.get(1).getAs("raw_record"), "formatting kept as sent");
    assertEquals("required", rejected.get(1).getAs("rule"));
    assertEquals("payments/0/2", rejected.get(1).getAs("source_position"));
  }

  @Test
  void tombstoneIsMalformed(SparkSession spark) {
    Dataset<Row> conformed = conform(spark, message(0, 5, "t3", null));
    List<Row> rejected =
        IngestColumns.quarantine(conformed, "s", IngestColumns.kafkaPosition(), RUN)
            .collectAsList();
    assertEquals(1, rejected.size());
    assertEquals("malformed", rejected.get(0).getAs("rule"));
    assertEquals("", rejected.get(0).getAs("raw_record"));
    assertNull(
        IngestColumns.bronze(conformed, SCHEMA, RUN, IngestColumns.KAFKA_POSITION)
            .collectAsList()
            .stream()
            .findFirst()
            .orElse(null));
  }
}
