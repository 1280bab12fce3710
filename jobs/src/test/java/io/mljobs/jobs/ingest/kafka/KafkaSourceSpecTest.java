package io.mljobs.jobs.ingest.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.table.TableRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class KafkaSourceSpecTest {
  private static final String SCHEMAS =
      "mljobs.schemas.events.columns = [ { name = id, type = string, nullable = false },"
          + " { name = amount, type = \"decimal(10,2)\" } ]\n";
  private static final UnaryOperator<String> NO_ENV = name -> null;

  private static Settings mljobs(String source) {
    return Settings.of(
            ConfigFactory.parseString(SCHEMAS + "mljobs.sources.s {\n" + source + "\n}").resolve())
        .section("mljobs");
  }

  private static KafkaSourceSpec parse(String source, UnaryOperator<String> env) {
    Settings mljobs = mljobs(source);
    Settings sourceSettings = mljobs.section("sources").section("s");
    KafkaSourceSpec spec =
        KafkaSourceSpec.from("s", sourceSettings, mljobs.section("schemas"), env);
    sourceSettings.rejectUnknownKeys();
    return spec;
  }

  private static KafkaSourceSpec parse(String source) {
    return parse(source, NO_ENV);
  }

  private static ConfigError error(String source, UnaryOperator<String> env) {
    return assertThrows(ConfigError.class, () -> parse(source, env));
  }

  private static ConfigError error(String source) {
    return error(source, NO_ENV);
  }

  @Test
  void minimalSourceGetsTheDefaults() {
    KafkaSourceSpec spec =
        parse("type = kafka, bootstrap-servers = \"h:9092\", topics = [a, b], schema = events");
    assertEquals("h:9092", spec.bootstrapServers());
    assertEquals(List.of("a", "b"), spec.topics());
    assertEquals(Optional.empty(), spec.topicPattern());
    assertEquals("a,b", spec.subscription());
    assertEquals(List.of("id", "amount"), spec.schema().columnNames());
    assertEquals(KafkaSourceSpec.ValueFormat.JSON, spec.valueFormat());
    assertEquals(KafkaSourceSpec.StartingOffsets.EARLIEST, spec.startingOffsets());
    assertEquals("earliest", spec.startingOffsets().sparkValue());
    assertEquals(Optional.empty(), spec.maxOffsetsPerTrigger());
    assertEquals(Duration.ofSeconds(15), spec.connectTimeout());
    assertEquals(TableRef.of("bronze.s"), spec.bronze());
    assertEquals(TableRef.of("quarantine.s"), spec.quarantine());
    assertEquals(Map.of(), spec.options());
  }

  @Test
  void everyKeyIsRead() {
    KafkaSourceSpec spec =
        parse(
            """
            type = kafka
            bootstrap-servers = "h1:9092,h2:9092"
            topic-pattern = "payments\\\\..*"
            schema = events
            value-format = JSON
            starting-offsets = latest
            max-offsets-per-trigger = 5000
            connect-timeout = 3s
            options { "kafka.security.protocol" = SSL, minPartitions = 4 }
            bronze-table = bronze.payments
            quarantine-table = quarantine.payments_bad
            partition-by = [_kafka_partition]
            description = "anything"
            """);
    assertEquals(Optional.of("payments\\..*"), spec.topicPattern());
    assertEquals(List.of(), spec.topics());
    assertEquals("pattern 'payments\\..*'", spec.subscription());
    assertEquals(KafkaSourceSpec.StartingOffsets.LATEST, spec.startingOffsets());
    assertEquals(Optional.of(5000L), spec.maxOffsetsPerTrigger());
    assertEquals(Duration.ofSeconds(3), spec.connectTimeout());
    assertEquals(Map.of("kafka.security.protocol", "SSL", "minPartitions", "4"), spec.options());
    assertEquals(TableRef.of("bronze.payments"), spec.bronze());
    assertEquals(TableRef.of("quarantine.payments_bad"), spec.quarantine());
    assertEquals(List.of("_kafka_partition"), spec.partitionBy());
  }

  @Test
  void bootstrapServersDefaultToTheEnvironmentVariable() {
    KafkaSourceSpec spec =
        parse(
            "type = kafka, topics = [a], schema = events",
            name -> name.equals("MLJOBS_KAFKA_BOOTSTRAP") ? "127.0.0.1:59092" : null);
    assertEquals("127.0.0.1:59092", spec.bootstrapServers());

    ConfigError missing = error("type = kafka, topics = [a], schema = events");
    assertEquals("mljobs.sources.s.bootstrap-servers", missing.key());
    assertTrue(
        missing.getMessage().contains("export MLJOBS_KAFKA_BOOTSTRAP"), missing.getMessage());
  }

  @Test
  void topicsAndPatternAreExclusiveAndOneIsRequired() {
    ConfigError neither = error("type = kafka, bootstrap-servers = h, schema = events");
    assertTrue(neither.getMessage().contains("neither is set"), neither.getMessage());
    ConfigError both =
        error(
            "type = kafka, bootstrap-servers = h, schema = events, topics = [a],"
                + " topic-pattern = \"a.*\"");
    assertTrue(both.getMessage().contains("both are set"), both.getMessage());
    ConfigError badRegex =
        error("type = kafka, bootstrap-servers = h, schema = events, topic-pattern = \"a(\"");
    assertEquals("mljobs.sources.s.topic-pattern", badRegex.key());
  }

  @Test
  void avroIsNotYetAValueFormat() {
    ConfigError avro =
        error(
            "type = kafka, bootstrap-servers = h, topics = [a], schema = events, value-format = avro");
    assertEquals("mljobs.sources.s.value-format", avro.key());
    assertTrue(avro.getMessage().contains("must be one of [json]"), avro.getMessage());
    assertTrue(avro.getMessage().contains("README"), avro.getMessage());
  }

  @Test
  void badValuesNameTheirKey() {
    String base = "type = kafka, bootstrap-servers = h, topics = [a], schema = events, ";
    assertEquals(
        "mljobs.sources.s.starting-offsets", error(base + "starting-offsets = earlyest").key());
    assertTrue(
        error(base + "starting-offsets = earlyest")
            .getMessage()
            .contains("did you mean 'earliest'"));
    assertEquals(
        "mljobs.sources.s.max-offsets-per-trigger",
        error(base + "max-offsets-per-trigger = 0").key());
    assertEquals("mljobs.sources.s.connect-timeout", error(base + "connect-timeout = 0s").key());
    assertEquals("mljobs.sources.s.connect-timeout", error(base + "connect-timeout = soon").key());
    assertEquals("mljobs.sources.s.schema", error(base.replace("events", "event")).key());
    assertTrue(
        error(base.replace("events", "event")).getMessage().contains("did you mean 'events'"));
  }

  @Test
  void optionsThatMljobsSetsAreRejectedPointingAtTheirKey() {
    ConfigError error =
        error(
            "type = kafka, bootstrap-servers = h, topics = [a], schema = events,"
                + " options { startingOffsets = latest }");
    assertEquals("mljobs.sources.s.options", error.key());
    assertTrue(
        error.getMessage().contains("mljobs.sources.s.starting-offsets"), error.getMessage());
    ConfigError bootstrap =
        error(
            "type = kafka, bootstrap-servers = h, topics = [a], schema = events,"
                + " options { \"kafka.bootstrap.servers\" = other }");
    assertTrue(bootstrap.getMessage().contains("bootstrap-servers"), bootstrap.getMessage());
  }

  @Test
  void misspelledKeyIsReportedWithTheNearestName() {
    ConfigError error =
        error("type = kafka, bootstrap-servers = h, topic = [a], topics = [a], schema = events");
    assertEquals("mljobs.sources.s.topic", error.key());
    assertTrue(error.getMessage().contains("did you mean 'topics'"), error.getMessage());
  }

  @Test
  void literalPasswordInTheJaasOptionIsRefusedAndOneFromTheEnvironmentIsTaken() {
    String source =
        "type = kafka, bootstrap-servers = \"h:9092\", topics = [a], schema = events,"
            + " options { \"kafka.security.protocol\" = SASL_SSL, \"kafka.sasl.jaas.config\" = ";
    ConfigError e =
        error(
            source
                + "\"org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\\\"u\\\" password=\\\"hunter22x\\\";\" }");
    assertEquals("mljobs.sources.s.options.\"kafka.sasl.jaas.config\"", e.key());
    assertTrue(e.getMessage().contains("holds a literal credential"), e.getMessage());
    assertTrue(e.getMessage().contains("${?YOUR_ENV_VAR}"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter22x"), e.getMessage());

    // PATH stands in for the variable that holds the whole JAAS line.
    KafkaSourceSpec spec = parse(source + "${?PATH} }");
    assertEquals(System.getenv("PATH"), spec.options().get("kafka.sasl.jaas.config"));
    assertEquals("SASL_SSL", spec.options().get("kafka.security.protocol"));
  }
}
