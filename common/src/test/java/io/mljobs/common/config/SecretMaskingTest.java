package io.mljobs.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mljobs.common.testing.ConfigFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets are masked by key and where they are known to appear, never by searching ordinary text
 * for short values (issue 12, items 3 and 4).
 */
class SecretMaskingTest {
  @TempDir Path tmp;

  @Test
  void shortSecretDoesNotMaskOrdinaryWords() {
    Secret.of("snow");
    Secret.of("PUBLISH");
    assertEquals(
        "publish-snowflake failed writing PUBLISH_LOG",
        Redactor.scrub("publish-snowflake failed writing PUBLISH_LOG"));
  }

  @Test
  void shortSecretIsStillMaskedWhereSecretsAppear() {
    Secret.of("snow");
    String[][] cases = {
      {
        "jdbc:snowflake://127.0.0.1:58765/?account=fakesnow&user=fake&password=snow&db=MLJOBS",
        "jdbc:snowflake://127.0.0.1:58765/?account=fakesnow&user=fake&password=******&db=MLJOBS"
      },
      {
        "jdbc:sqlserver://h;user=u;password=snow;db=x",
        "jdbc:sqlserver://h;user=u;password=******;db=x"
      },
      {"https://fake:snow@127.0.0.1:58765/x", "https://fake:******@127.0.0.1:58765/x"},
      {
        "Login failed: PlainLoginModule required username=\"fake\" password=\"snow\";",
        "Login failed: PlainLoginModule required username=\"fake\" password=\"******\";"
      },
      {"driver said {\"password\": \"snow\"}", "driver said {\"password\": \"******\"}"},
      {
        "properties {sslpassword=snow, ApplicationName=mljobs}",
        "properties {sslpassword=******, ApplicationName=mljobs}"
      },
      {"token: snow", "token: ******"}
    };
    for (String[] c : cases) {
      assertEquals(c[1], Redactor.scrub(c[0]), c[0]);
    }
  }

  @Test
  void adviceThatNamesAnEnvironmentReferenceIsNotMasked() {
    String advice =
        "Credentials must come from the environment or a file: write \"sslpassword\" ="
            + " ${?YOUR_ENV_VAR} (the whole value) or \"sslpassword-file\" = /path/to/file.";
    assertEquals(advice, Redactor.scrub(advice));
  }

  @Test
  void longSecretIsMaskedWhereverItAppears() {
    Secret.of("correct-horse-battery");
    assertEquals(
        "driver echoed ****** back", Redactor.scrub("driver echoed correct-horse-battery back"));
  }

  @Test
  void describeConfigShowsNeitherTheSecretNorAMaskInsideWords() throws Exception {
    Path secret = Files.writeString(tmp.resolve("sf.secret"), "snow\n");
    ConfigFixture f = ConfigFixture.create(tmp, tmp.resolve("wh"));
    f.pipeline(
        "mljobs.jobs.publish-snowflake.connection { url = \"jdbc:snowflake://h/?user=fake&password=snow\","
            + " user = fake, password-file = \""
            + secret
            + "\" }\n"
            + "mljobs.jobs.publish-snowflake.publish-log = PUBLISH_LOG\n");
    LoadedConfig loaded =
        ConfigLoader.load(f.request("local", "mljobs.pipeline=publish-snowflake"));
    Secret read =
        loaded
            .settings()
            .section("mljobs")
            .section("jobs")
            .section("publish-snowflake")
            .section("connection")
            .secret("password");
    assertEquals("snow", read.reveal());
    String shown = loaded.redacted().toString();
    assertTrue(shown.contains("pipeline=publish-snowflake"), shown);
    assertTrue(shown.contains("publish-log=PUBLISH_LOG"), shown);
    assertTrue(shown.contains("password=******"), shown);
    assertFalse(shown.contains("******flake"), shown);
    assertFalse(shown.contains("password=snow"), shown);
    assertEquals(
        java.util.List.of("mljobs.pipeline=publish-snowflake"), loaded.redactedOverrides());
  }

  // ---- the shortest secret outside the local environment ----------------------------------

  @Test
  void shortSecretIsRefusedOutsideTheLocalEnvironment() throws Exception {
    Path secret = Files.writeString(tmp.resolve("sf.secret"), "snow\n");
    ConfigFixture f = ConfigFixture.create(tmp, tmp.resolve("wh"));
    f.pipeline("mljobs.jobs.a.password-file = \"" + secret + "\"\n");
    Settings cluster =
        ConfigLoader.load(f.request("cluster")).settings().section("mljobs").section("jobs");
    ConfigError e = assertThrows(ConfigError.class, () -> cluster.section("a").secret("password"));
    assertEquals("mljobs.jobs.a.password-file", e.key());
    assertEquals(
        "The secret from 'mljobs.jobs.a.password-file' is 4 characters long; this environment"
            + " requires at least 8 (mljobs.secrets.min-length). Use a longer secret; only the"
            + " local environment accepts short ones.",
        e.getMessage());
    Settings local =
        ConfigLoader.load(f.request("local")).settings().section("mljobs").section("jobs");
    assertEquals("snow", local.section("a").secret("password").reveal());
  }

  // ---- credentials in free-form options (item 4) -------------------------------------------

  private static Settings options(String body) {
    return Settings.of(
            ConfigFactory.parseString("mljobs.sources.s.options {\n" + body + "\n}").resolve())
        .section("mljobs")
        .section("sources")
        .section("s");
  }

  @Test
  void literalPasswordInsideAJaasConfigIsRefused() {
    Settings s =
        options(
            "\"kafka.sasl.jaas.config\" = \"org.apache.kafka.common.security.plain.PlainLoginModule"
                + " required username=\\\"u\\\" password=\\\"hunter22x\\\";\"");
    ConfigError e = assertThrows(ConfigError.class, () -> s.stringMap("options"));
    assertEquals("mljobs.sources.s.options.\"kafka.sasl.jaas.config\"", e.key());
    assertTrue(
        e.getMessage()
            .startsWith(
                "Config key 'mljobs.sources.s.options.\"kafka.sasl.jaas.config\"' holds a literal"
                    + " credential ("),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "Credentials must come from the environment or a file: write"
                    + " \"kafka.sasl.jaas.config\" = ${?YOUR_ENV_VAR} (the whole value) or"
                    + " \"kafka.sasl.jaas.config-file\" = /path/to/file."),
        e.getMessage());
    assertFalse(e.getMessage().contains("hunter22x"), e.getMessage());
  }

  @Test
  void optionsWhoseNameOrValueCarriesACredentialAreRefusedAsLiterals() {
    for (String body :
        new String[] {
          "\"kafka.ssl.key.password\" = abcdefgh1",
          "\"kafka.sasl.oauthbearer.client.secret\" = abcdefgh1",
          "\"spark.hadoop.fs.s3a.secret.key\" = abcdefgh1",
          "\"kafka.ssl.keystore.key\" = abcdefgh1",
          "sslpassword = abcdefgh1",
          "token = abcdefgh1",
          "\"kafka.bootstrap.servers\" = \"broker:9092?password=abcdefgh1\"",
          "proxy = \"http://u:abcdefgh1@proxy:3128\""
        }) {
      ConfigError e =
          assertThrows(ConfigError.class, () -> options(body).stringMap("options"), body);
      assertTrue(e.getMessage().contains("holds a literal credential"), e.getMessage());
      assertFalse(e.getMessage().contains("abcdefgh1"), e.getMessage());
    }
    // Ordinary options pass as they are.
    assertEquals(
        Map.of(
            "kafka.key.deserializer", "x",
            "kafka.security.protocol", "SASL_SSL",
            "key-columns", "id",
            "ApplicationName", "mljobs"),
        options(
                "\"kafka.key.deserializer\" = x, \"kafka.security.protocol\" = SASL_SSL,"
                    + " key-columns = id, ApplicationName = mljobs")
            .stringMap("options"));
  }

  @Test
  void credentialOptionFromTheEnvironmentIsUsedAndMaskedEverywhere() {
    // PATH is set in every environment; it stands in for a KAFKA_JAAS_CONFIG variable.
    String value = System.getenv("PATH");
    Settings s = options("\"kafka.sasl.jaas.config\" = ${?PATH}");
    assertEquals(Map.of("kafka.sasl.jaas.config", value), s.stringMap("options"));
    assertEquals("consumer said: ******", Redactor.scrub("consumer said: " + value));
    assertEquals(
        "{mljobs={sources={s={options={kafka.sasl.jaas.config=******}}}}}",
        Redactor.redactedTree(s.config().atPath("mljobs.sources.s")).toString());
  }

  @Test
  void credentialOptionFromAFile() throws Exception {
    Path jaas =
        Files.writeString(
            tmp.resolve("jaas.conf"),
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\""
                + " password=\"from-a-file-7731\";\n");
    Settings s = options("\"kafka.sasl.jaas.config-file\" = \"" + jaas + "\"");
    Map<String, String> read = s.stringMap("options");
    assertEquals(
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\""
            + " password=\"from-a-file-7731\";",
        read.get("kafka.sasl.jaas.config"));
    assertEquals(1, read.size());
    assertEquals("sasl: ******", Redactor.scrub("sasl: " + read.get("kafka.sasl.jaas.config")));
  }

  @Test
  void aJaasLineInsideASetMapIsMaskedInTheEchoedOverrides() {
    ConfigFixture f = ConfigFixture.create(tmp, tmp.resolve("wh"));
    String map =
        "{\"kafka.sasl.jaas.config\" = \"PlainLoginModule required username=\\\"u\\\""
            + " password=\\\"hunter22x\\\";\"}";
    LoadedConfig loaded = ConfigLoader.load(f.request("local", "mljobs.sources.s.options=" + map));
    String echoed = String.join("\n", loaded.redactedOverrides());
    assertFalse(echoed.contains("hunter22x"), echoed);
    assertTrue(
        echoed.startsWith("mljobs.sources.s.options={\"kafka.sasl.jaas.config\" = \"******\""),
        echoed);
    assertEquals(
        "{mljobs={sources={s={options={kafka.sasl.jaas.config=******}}}}}",
        Redactor.redactedTree(loaded.settings().config().withOnlyPath("mljobs.sources"))
            .toString());
  }

  @Test
  void describeConfigMasksALiteralJaasConfig() {
    Map<String, Object> tree =
        Redactor.redactedTree(
            ConfigFactory.parseString(
                "mljobs.sources.s.options { \"kafka.sasl.jaas.config\" = \"PlainLoginModule"
                    + " required username=\\\"u\\\" password=\\\"hunter22x\\\";\","
                    + " \"kafka.security.protocol\" = SASL_SSL }"));
    assertEquals(
        "{mljobs={sources={s={options={kafka.sasl.jaas.config=******,"
            + " kafka.security.protocol=SASL_SSL}}}}}",
        tree.toString());
  }
}
