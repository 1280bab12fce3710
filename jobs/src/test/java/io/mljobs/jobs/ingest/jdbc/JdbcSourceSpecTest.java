package io.mljobs.jobs.ingest.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.ConfigLoader;
import io.mljobs.common.config.Redactor;
import io.mljobs.common.config.Settings;
import io.mljobs.common.testing.ConfigFixture;
import io.mljobs.jobs.ingest.jdbc.JdbcSourceSpec.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcSourceSpecTest {
  private static final String SCHEMA =
      """
      mljobs.schemas.people.columns = [
        { name = id, type = bigint }
        { name = name, type = string }
        { name = score, type = double }
        { name = updated_at, type = timestamp, nullable = false }
        { name = born, type = date }
      ]
      """;

  @TempDir Path tmp;
  private Path secretFile;

  @BeforeEach
  void writeSecret() throws Exception {
    secretFile = tmp.resolve("pg.secret");
    Files.writeString(secretFile, "from-a-file-42\n");
  }

  /** A source section with the given body lines, parsed as the ingest job parses it. */
  private JdbcSourceSpec parse(String... lines) {
    Settings mljobs = load(lines);
    JdbcSourceSpec spec =
        JdbcSourceSpec.from(
            "people",
            mljobs.section("sources").section("people"),
            mljobs.sectionOrEmpty("schemas"));
    mljobs.section("sources").section("people").rejectUnknownKeys();
    return spec;
  }

  private Settings load(String... lines) {
    ConfigFixture fixture = ConfigFixture.create(tmp, tmp.resolve("wh"));
    fixture.pipeline(
        SCHEMA
            + "mljobs.sources.people {\n"
            + "  type = jdbc\n"
            + (java.util.Arrays.stream(lines).anyMatch(l -> l.startsWith("password"))
                ? ""
                : "  password-file = \"" + secretFile + "\"\n")
            + String.join("\n", lines)
            + "\n}\n");
    return ConfigLoader.load(fixture.request("local")).settings().section("mljobs");
  }

  private static final String[] MINIMAL = {
    "url = \"jdbc:postgresql://127.0.0.1:55432/db\"",
    "user = reader",
    "table = \"public.people\"",
    "key-columns = [id]",
    "watermark-column = updated_at",
    "schema = people"
  };

  private static String[] with(String... extra) {
    String[] all = new String[MINIMAL.length + extra.length];
    System.arraycopy(MINIMAL, 0, all, 0, MINIMAL.length);
    System.arraycopy(extra, 0, all, MINIMAL.length, extra.length);
    return all;
  }

  /** The minimal lines without those starting with {@code prefix}, plus {@code extra}. */
  private static String[] without(String prefix, String... extra) {
    return java.util.stream.Stream.concat(
            java.util.Arrays.stream(MINIMAL).filter(l -> !l.startsWith(prefix)),
            java.util.Arrays.stream(extra))
        .toArray(String[]::new);
  }

  private ConfigError error(String... lines) {
    return assertThrows(ConfigError.class, () -> parse(lines));
  }

  @Test
  void minimalSourceGetsTheDefaults() {
    JdbcSourceSpec spec = parse(MINIMAL);
    assertEquals("PostgreSQL", spec.url().product());
    assertEquals("127.0.0.1:55432", spec.url().endpoint());
    assertEquals("reader", spec.user());
    assertEquals("from-a-file-42", spec.password().reveal());
    assertTrue(spec.passwordSource().startsWith("file " + secretFile), spec.passwordSource());
    assertEquals(Optional.of("public.people"), spec.table());
    assertEquals(List.of("id"), spec.keyColumns());
    assertEquals(Mode.INCREMENTAL, spec.mode());
    assertEquals(Optional.empty(), spec.partitionColumn());
    assertEquals(JdbcSourceSpec.DEFAULT_FETCH_SIZE, spec.fetchSize());
    assertEquals(Duration.ofSeconds(10), spec.connectTimeout());
    assertEquals("bronze.people", spec.bronze().toString());
    assertEquals("quarantine.people", spec.quarantine().toString());
    assertFalse(
        spec.schema().columns().get(0).nullable(), "a key column is required even if nullable");
    assertTrue(spec.schema().columns().get(1).nullable());
    assertFalse(spec.toString().contains("from-a-file-42"), "the password never prints");
  }

  @Test
  void everyKeyIsRead() {
    JdbcSourceSpec spec =
        parse(
            with(
                "mode = full-refresh",
                "partition-column = born",
                "num-partitions = 8",
                "fetch-size = 500",
                "connect-timeout = 3s",
                "watermark-lookback = 5m",
                "driver = org.postgresql.Driver",
                "properties { sslmode = disable }",
                "bronze-table = bronze.folks",
                "quarantine-table = quarantine.folks",
                "description = \"people\""));
    assertEquals(Mode.FULL_REFRESH, spec.mode());
    assertEquals(Optional.of("born"), spec.partitionColumn());
    assertEquals(8, spec.numPartitions());
    assertEquals(500, spec.fetchSize());
    assertEquals(Duration.ofSeconds(3), spec.connectTimeout());
    assertEquals(Duration.ofMinutes(5), spec.watermarkLookback());
    assertEquals(Optional.of("org.postgresql.Driver"), spec.driver());
    assertEquals("disable", spec.properties().get("sslmode"));
    assertEquals("bronze.folks", spec.bronze().toString());
  }

  @Test
  void queryInsteadOfTableLosesItsSemicolon() {
    JdbcSourceSpec spec =
        parse(without("table", "query = \"SELECT * FROM people WHERE id > 0 ;\""));
    assertEquals(Optional.empty(), spec.table());
    assertEquals(Optional.of("SELECT * FROM people WHERE id > 0"), spec.query());
    assertEquals("mljobs.sources.people.query", spec.relationKey());
  }

  @Test
  void missingKeyIsNamed() {
    ConfigError e = error(without("url"));
    assertEquals("mljobs.sources.people.url", e.key());
    assertTrue(e.getMessage().startsWith("Missing config key 'mljobs.sources.people.url'"));
    assertEquals("mljobs.sources.people.key-columns", error(without("key-columns")).key());
    assertEquals("mljobs.sources.people.schema", error(without("schema")).key());
  }

  @Test
  void tableAndQueryTogetherAreRejected() {
    ConfigError e = error(with("query = \"SELECT 1\""));
    assertEquals("mljobs.sources.people.query", e.key());
    assertTrue(e.getMessage().contains("sets both"), e.getMessage());
  }

  @Test
  void neitherTableNorQueryIsRejected() {
    ConfigError e = error(without("table"));
    assertEquals("mljobs.sources.people.table", e.key());
    assertTrue(e.getMessage().contains("names nothing to read"), e.getMessage());
  }

  @Test
  void unknownModeSuggestsTheNearest() {
    ConfigError e = error(with("mode = full-refesh"));
    assertEquals("mljobs.sources.people.mode", e.key());
    assertTrue(
        e.getMessage().contains("must be one of [incremental, full-refresh]"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean 'full-refresh'?"), e.getMessage());
  }

  @Test
  void incrementalNeedsAWatermark() {
    ConfigError e = error(without("watermark-column"));
    assertEquals("mljobs.sources.people.watermark-column", e.key());
    assertTrue(e.getMessage().contains("mode = full-refresh"), e.getMessage());
    // A full refresh needs none.
    assertEquals(
        Mode.FULL_REFRESH, parse(without("watermark-column", "mode = full-refresh")).mode());
  }

  @Test
  void columnsMustBeDeclaredAndOfAUsableType() {
    ConfigError key = error(without("key-columns", "key-columns = [idd]"));
    assertEquals("mljobs.sources.people.key-columns", key.key());
    assertTrue(key.getMessage().contains("did you mean 'id'?"), key.getMessage());

    ConfigError watermark = error(without("watermark-column", "watermark-column = score"));
    assertTrue(watermark.getMessage().contains("declared as double"), watermark.getMessage());

    ConfigError partition = error(with("partition-column = name"));
    assertEquals("mljobs.sources.people.partition-column", partition.key());
    assertTrue(partition.getMessage().contains("numeric, date or timestamp"));

    ConfigError partitions = error(with("num-partitions = 4"));
    assertEquals("mljobs.sources.people.num-partitions", partitions.key());

    ConfigError lookback =
        error(without("watermark-column", "watermark-column = id", "watermark-lookback = 1h"));
    assertEquals("mljobs.sources.people.watermark-lookback", lookback.key());
  }

  @Test
  void misspelledKeyIsCaughtWithTheNearestName() {
    ConfigError e = error(with("fetchsize = 10"));
    assertEquals("mljobs.sources.people.fetchsize", e.key());
    assertTrue(e.getMessage().contains("did you mean 'fetch-size'?"), e.getMessage());
  }

  @Test
  void credentialsNeverComeFromTheConfigFile() {
    ConfigError literal = error(with("password = \"hunter22x\""));
    assertTrue(literal.getMessage().contains("literal secret"), literal.getMessage());
    assertFalse(literal.getMessage().contains("hunter22x"));

    ConfigError inUrl =
        error(
            without(
                "url", "url = \"jdbc:postgresql://127.0.0.1:55432/db?user=u&password=pw-in-url\""));
    assertEquals("mljobs.sources.people.url", inUrl.key());
    assertTrue(inUrl.getMessage().contains("holds a password"), inUrl.getMessage());
    assertFalse(inUrl.getMessage().contains("pw-in-url"), inUrl.getMessage());

    ConfigError inProperties = error(with("properties { password = x }"));
    assertEquals("mljobs.sources.people.properties.password", inProperties.key());
  }

  @Test
  void passwordAndPasswordFileTogetherAreAmbiguous() {
    ConfigError e = error(with("password = ${?PATH}", "password-file = \"" + secretFile + "\""));
    assertEquals("mljobs.sources.people.password-file", e.key());
    assertTrue(e.getMessage().contains("environment variable PATH"), e.getMessage());
    assertTrue(e.getMessage().contains("keep one"), e.getMessage());
  }

  @Test
  void passwordFromTheEnvironmentNamesTheVariable() {
    // PATH is set in every environment; it stands in for MLJOBS_PG_PASSWORD here.
    Settings mljobs =
        load(
            without(
                "url", "url = \"jdbc:postgresql://db.example.com/app\"", "password = ${?PATH}"));
    JdbcSourceSpec spec =
        JdbcSourceSpec.from(
            "people",
            mljobs.section("sources").section("people"),
            mljobs.sectionOrEmpty("schemas"));
    assertEquals("environment variable PATH", spec.passwordSource());
    assertEquals("db.example.com:5432", spec.url().endpoint());
    assertEquals(
        Redactor.MASK, spec.password().toString(), "the value is registered for scrubbing");
  }

  // ---- nothing from config runs as SQL (issue 12, item 1) ---------------------------------

  @Test
  void tableWithASecondStatementIsRefusedNamingTheKey() {
    ConfigError e =
        error(
            without(
                "table",
                "table = \"public.customers; DROP TABLE public.canary; SELECT * FROM"
                    + " public.customers\""));
    assertEquals("mljobs.sources.people.table", e.key());
    assertEquals(
        "Config key 'mljobs.sources.people.table' must name one table as [schema.]table (at most 3"
            + " dot-separated parts, each a letter or _ followed by letters, digits, _ or $, or a"
            + " \"double-quoted\" name; at most 128 characters each), but is 'public.customers;"
            + " DROP TABLE public.canary; SELECT * FROM public.customers'. mljobs quotes table"
            + " names itself and never runs other text as SQL; to read something else, set query"
            + " = \"SELECT ...\" instead.",
        e.getMessage());
  }

  @Test
  void tableNamesThatAreNotIdentifiersAreRefused() {
    for (String table :
        new String[] {
          "public.customers --",
          "customers/**/",
          "public.\\\"x\\\" ; y",
          "a.b.c.d",
          "a..b",
          ".a",
          "a.",
          "1abc",
          "pub lic.customers",
          "(SELECT 1) x"
        }) {
      ConfigError e = error(without("table", "table = \"" + table + "\""));
      assertEquals("mljobs.sources.people.table", e.key(), table);
    }
    assertEquals(
        Optional.of("analytics.public.\"Customers$2026\""),
        parse(without("table", "table = \"analytics.public.\\\"Customers$2026\\\"\"")).table());
  }

  @Test
  void queryWithTwoStatementsIsRefused() {
    ConfigError e =
        error(
            without("table", "query = \"SELECT * FROM public.people; DROP TABLE public.canary\""));
    assertEquals("mljobs.sources.people.query", e.key());
    assertEquals(
        "Config key 'mljobs.sources.people.query' holds more than one statement (a ';' inside the"
            + " query). Give one SELECT; for a literal semicolon use the database's function for"
            + " it (e.g. chr(59)).",
        e.getMessage());
    // Trailing semicolons are only an end of statement: taken away, not refused.
    assertEquals(
        Optional.of("SELECT * FROM public.people"),
        parse(without("table", "query = \"SELECT * FROM public.people ; ;\"")).query());
  }

  @Test
  void declaredColumnThatWouldEndItsQuotingIsRefused() {
    Settings mljobs =
        load(
            "url = \"jdbc:postgresql://127.0.0.1:55432/db\"",
            "user = reader",
            "table = \"public.people\"",
            "key-columns = [id]",
            "mode = full-refresh",
            "schema = evil");
    ConfigError e =
        assertThrows(
            ConfigError.class,
            () ->
                JdbcSourceSpec.from(
                    "people",
                    mljobs.section("sources").section("people"),
                    schemaWithColumn("x\" FROM t; DROP TABLE canary; --")));
    assertEquals("mljobs.schemas.evil.columns", e.key());
    assertTrue(
        e.getMessage().startsWith("Config key 'mljobs.schemas.evil.columns' names column 'x\""),
        e.getMessage());
  }

  private static Settings schemaWithColumn(String column) {
    return Settings.of(
            com.typesafe.config.ConfigFactory.parseString(
                "mljobs.schemas.evil.columns = [ { name = id, type = bigint }, { name = "
                    + com.typesafe.config.ConfigUtil.quoteString(column)
                    + ", type = string } ]"))
        .section("mljobs")
        .section("schemas");
  }

  @Test
  void credentialDriverPropertiesComeFromTheEnvironmentOnly() {
    ConfigError e = error(with("properties { sslpassword = \"key-pass-123\" }"));
    assertEquals("mljobs.sources.people.properties.sslpassword", e.key());
    assertTrue(e.getMessage().contains("holds a literal credential"), e.getMessage());
    assertFalse(e.getMessage().contains("key-pass-123"), e.getMessage());
    // PATH stands in for the variable that holds the key's password.
    JdbcSourceSpec spec = parse(with("properties { sslpassword = ${?PATH}, sslmode = require }"));
    assertEquals(System.getenv("PATH"), spec.properties().get("sslpassword"));
    assertEquals("require", spec.properties().get("sslmode"));
  }
}
