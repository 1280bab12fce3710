package io.mljobs.jobs.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.delta.VersionSelector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishSnowflakeConfigTest {
  static final String SECRET = "s3cret-from-env";

  /** Config as a user writes it; the password arrives like ${?VAR} does (from the environment). */
  static PublishSnowflakeConfig parse(String publications, String... extra) {
    String text =
        "mljobs.jobs.publish-snowflake {\n"
            + " connection { url = \"jdbc:snowflake://xy12345.eu-west-1.snowflakecomputing.com/\","
            + " user = loader, database = analytics, schema = ml, warehouse = load_wh }\n"
            + " publications { "
            + publications
            + " }\n"
            + String.join("\n", extra)
            + "}";
    Config env =
        ConfigFactory.parseMap(
            Map.of("mljobs.jobs.publish-snowflake.connection.password", SECRET), "env variables");
    Config config = ConfigFactory.parseString(text).withFallback(env).resolve();
    return PublishSnowflakeConfig.from(Settings.of(config).section("mljobs"), "publish-snowflake");
  }

  @Test
  void readsPublicationsWithDefaultsFromTheConnection() {
    PublishSnowflakeConfig c =
        parse(
            "scores { source = \"silver.scores\", target = SCORES, mode = merge, keys = [id] }\n"
                + "daily { source = \"silver.daily\", target = \"other.DAILY\","
                + " mode = append-partition, partition-column = day, version = \"date:2026-11-07\" }");
    assertEquals(WritePath.JDBC, c.writePath());
    assertEquals("ANALYTICS.ML.PUBLISH_LOG", c.publishLog().toString());
    assertEquals(
        List.of("daily", "scores"), c.publications().stream().map(Publication::name).toList());
    Publication daily = c.publications().get(0);
    assertEquals("ANALYTICS.OTHER.DAILY", daily.target().toString());
    assertEquals(PublishMode.APPEND_PARTITION, daily.mode());
    assertEquals(VersionSelector.Kind.DATE, daily.version().kind());
    Publication scores = c.publications().get(1);
    assertEquals("\"ANALYTICS\".\"ML\".\"SCORES\"", scores.target().sql());
    assertEquals(VersionSelector.Kind.CURRENT_RUN, scores.version().kind());
    assertEquals(List.of(new SnowflakeIdentifier("ID")), scores.keys());
    assertEquals(SECRET, c.connection().password().orElseThrow().reveal());
    assertEquals("LOAD_WH", c.connection().warehouse().orElseThrow());
  }

  @Test
  void identifiersThatAreNotSnowflakeIdentifiersAreRejectedNamingTheKey() {
    for (String bad :
        List.of("\"X; DROP TABLE Y\"", "\"a-b\"", "\"1abc\"", "\"t\\\"x\"", "\"a.b.c.d\"")) {
      ConfigError e =
          assertThrows(
              ConfigError.class,
              () -> parse("p { source = \"silver.s\", target = " + bad + " }"),
              bad);
      assertTrue(e.getMessage().contains("target"), e.getMessage());
    }
    ConfigError key =
        assertThrows(
            ConfigError.class,
            () ->
                parse(
                    "p { source = \"silver.s\", target = T, mode = merge, keys = [\"id) or (1=1\"] }"));
    assertTrue(key.getMessage().contains("keys"), key.getMessage());
    assertTrue(key.getMessage().contains("must be a Snowflake identifier"), key.getMessage());
  }

  @Test
  void modesNeedTheirColumns() {
    ConfigError merge =
        assertThrows(
            ConfigError.class,
            () -> parse("p { source = \"silver.s\", target = T, mode = merge }"));
    assertTrue(merge.getMessage().contains("mode = merge but no keys"), merge.getMessage());
    ConfigError partition =
        assertThrows(
            ConfigError.class,
            () -> parse("p { source = \"silver.s\", target = T, mode = append-partition }"));
    assertTrue(partition.getMessage().contains("partition-column"), partition.getMessage());
    ConfigError mode =
        assertThrows(
            ConfigError.class,
            () -> parse("p { source = \"silver.s\", target = T, mode = upsert }"));
    assertTrue(mode.getMessage().contains("[replace, merge, append-partition]"), mode.getMessage());
  }

  @Test
  void aLiteralPasswordAndAMissingCredentialAreRejected() {
    String literal =
        "mljobs.jobs.publish-snowflake { connection { url = \"jdbc:snowflake://a.snowflakecomputing.com/\","
            + " user = u, database = d, password = \"hunter22\" }, publications.p { source = \"silver.s\","
            + " target = T } }";
    ConfigError e =
        assertThrows(
            ConfigError.class,
            () ->
                PublishSnowflakeConfig.from(
                    Settings.of(ConfigFactory.parseString(literal).resolve()).section("mljobs"),
                    "publish-snowflake"));
    assertTrue(e.getMessage().contains("literal secret"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter22"), e.getMessage());

    String none = literal.replace(", password = \"hunter22\"", "");
    ConfigError missing =
        assertThrows(
            ConfigError.class,
            () ->
                PublishSnowflakeConfig.from(
                    Settings.of(ConfigFactory.parseString(none).resolve()).section("mljobs"),
                    "publish-snowflake"));
    assertTrue(missing.getMessage().contains("neither is set"), missing.getMessage());
  }

  @Test
  void keyPairCredentialsComeFromAFileAndTravelAsBase64Der(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    String body =
        java.util.Base64.getEncoder().encodeToString("not-a-real-key-but-base64".getBytes());
    java.nio.file.Path pem =
        java.nio.file.Files.writeString(
            tmp.resolve("sf.p8"),
            "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
    String text =
        "mljobs.jobs.publish-snowflake { connection { url = \"jdbc:snowflake://a.snowflakecomputing.com/\","
            + " user = u, database = d, private-key-file = \""
            + pem
            + "\" }, publications.p { source = \"silver.s\", target = T } }";
    PublishSnowflakeConfig c =
        PublishSnowflakeConfig.from(
            Settings.of(ConfigFactory.parseString(text).resolve()).section("mljobs"),
            "publish-snowflake");
    Map<String, String> options = c.connection().driverOptions();
    assertEquals(body, options.get("private_key_base64"));
    assertFalse(options.containsKey("password"));
    assertTrue(
        c.connection().credentialSource().contains(pem.toString()),
        c.connection().credentialSource());

    java.nio.file.Files.writeString(
        pem, "-----BEGIN PRIVATE KEY-----\n%%%not base64%%%\n-----END PRIVATE KEY-----");
    ConfigError e =
        assertThrows(
            ConfigError.class,
            () ->
                PublishSnowflakeConfig.from(
                    Settings.of(ConfigFactory.parseString(text).resolve()).section("mljobs"),
                    "publish-snowflake"));
    assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());
  }

  @Test
  void aNonSnowflakeUrlIsRejected() {
    ConfigError e =
        assertThrows(
            ConfigError.class,
            () ->
                parse(
                    "p { source = \"silver.s\", target = T }",
                    "connection.url = \"jdbc:postgresql://h:5432/db\""));
    assertTrue(e.getMessage().contains("Snowflake JDBC URL"), e.getMessage());
  }

  @Test
  void versionSelectorsParse() {
    assertEquals("run", VersionSelector.parse("run", "k").toString());
    assertEquals("latest", VersionSelector.parse("LATEST", "k").toString());
    assertEquals("12", VersionSelector.parse("12", "k").toString());
    assertEquals("run:abc_1", VersionSelector.parse("run:abc_1", "k").toString());
    assertEquals("date:2026-11-07", VersionSelector.parse("date:2026-11-07", "k").toString());
    assertEquals(
        "timestamp:2026-11-07T10:00:00Z",
        VersionSelector.parse("timestamp:2026-11-07T10:00:00Z", "k").toString());
    ConfigError e = assertThrows(ConfigError.class, () -> VersionSelector.parse("date:11/07", "v"));
    assertTrue(e.getMessage().startsWith("'v' must be run, latest"), e.getMessage());
  }
}
