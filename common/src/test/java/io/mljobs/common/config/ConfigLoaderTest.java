package io.mljobs.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.testing.ConfigFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path tmp;

  private ConfigFixture fixture() {
    return ConfigFixture.create(tmp, tmp.resolve("wh"));
  }

  @Test
  void mergesReferenceBasePipelineEnvAndOverridesInThatOrder() {
    ConfigFixture f = fixture();
    f.write(
        "base.conf", "mljobs { pipeline = base, spark.shuffle-partitions = 3, jobs.a.x = base }");
    f.pipeline("mljobs { pipeline = demo, jobs.a.x = pipeline, jobs.a.y = pipeline }");
    f.write("env/local.conf", "mljobs { warehouse = /w, jobs.a.y = env }");

    Settings mljobs =
        ConfigLoader.load(f.request("local", "mljobs.jobs.a.z=cli")).settings().section("mljobs");

    assertEquals("demo", mljobs.string("pipeline"));
    assertEquals(3, mljobs.section("spark").integer("shuffle-partitions"));
    assertEquals("local[2]", mljobs.section("spark").string("master"), "reference.conf default");
    Settings a = mljobs.section("jobs").section("a");
    assertEquals("pipeline", a.string("x"));
    assertEquals("env", a.string("y"));
    assertEquals("cli", a.string("z"));
  }

  @Test
  void overridesKeepUrisAsStringsAndParseLists() {
    ConfigFixture f = fixture();
    Settings mljobs =
        ConfigLoader.load(
                f.request(
                    "local",
                    "mljobs.warehouse=s3a://bucket/wh",
                    "mljobs.jobs.a.cols=[a, b]",
                    "mljobs.spark.ui=true"))
            .settings()
            .section("mljobs");
    assertEquals("s3a://bucket/wh", mljobs.string("warehouse"));
    assertEquals(
        java.util.List.of("a", "b"), mljobs.section("jobs").section("a").strings("cols", null));
    assertTrue(mljobs.section("spark").bool("ui", false));
  }

  @Test
  void missingKeyNamesTheKeyAndHowToSetIt() {
    ConfigFixture f = fixture();
    f.write("env/local.conf", "mljobs { }");
    Settings mljobs = ConfigLoader.load(f.request("local")).settings().section("mljobs");
    ConfigError e = assertThrows(ConfigError.class, () -> mljobs.string("warehouse"));
    assertEquals("mljobs.warehouse", e.key());
    assertTrue(e.getMessage().contains("--set mljobs.warehouse=<value>"), e.getMessage());
  }

  @Test
  void misspelledKeySuggestsTheNearestKnownName() {
    ConfigFixture f = fixture();
    f.pipeline("mljobs { spark { shuffle-partitons = 4 } }");
    Settings mljobs = ConfigLoader.load(f.request("local")).settings().section("mljobs");
    Settings spark = mljobs.section("spark");
    io.mljobs.common.spark.SparkSettings.from(spark);
    ConfigError e = assertThrows(ConfigError.class, spark::rejectUnknownKeys);
    assertEquals("mljobs.spark.shuffle-partitons", e.key());
    assertTrue(e.getMessage().contains("did you mean 'shuffle-partitions'?"), e.getMessage());
    assertTrue(e.getMessage().contains("pipeline.conf"), "names the file: " + e.getMessage());
  }

  @Test
  void wrongTypeSaysWhatWasExpectedAndWhere() {
    ConfigFixture f = fixture();
    Settings mljobs =
        ConfigLoader.load(f.request("local", "mljobs.spark.shuffle-partitions=two"))
            .settings()
            .section("mljobs");
    ConfigError e =
        assertThrows(
            ConfigError.class, () -> mljobs.section("spark").integer("shuffle-partitions", 2));
    assertEquals(
        "Config key 'mljobs.spark.shuffle-partitions' must be a whole number, but is string \"two\""
            + " (--set mljobs.spark.shuffle-partitions).",
        e.getMessage());
  }

  @Test
  void unknownEnvironmentListsTheKnownOnes() {
    ConfigError e =
        assertThrows(ConfigError.class, () -> ConfigLoader.load(fixture().request("locl")));
    assertEquals("--env", e.key());
    assertTrue(e.getMessage().contains("did you mean 'local'?"), e.getMessage());
    assertTrue(e.getMessage().contains("[cluster, local]"), e.getMessage());
  }

  @Test
  void missingPipelineFileSaysHowToPassOne() {
    ConfigError e =
        assertThrows(
            ConfigError.class,
            () ->
                ConfigLoader.load(new ConfigRequest(tmp.resolve("nope"), "local", null, Map.of())));
    assertEquals("--config", e.key());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void unsetSecretNamesTheEnvironmentVariable() {
    ConfigFixture f = fixture();
    f.pipeline("mljobs { jobs.a.password = ${?MLJOBS_TEST_SURELY_UNSET_VAR} }");
    Settings a =
        ConfigLoader.load(f.request("local"))
            .settings()
            .section("mljobs")
            .section("jobs")
            .sectionOrEmpty("a");
    ConfigError e = assertThrows(ConfigError.class, () -> a.secret("password"));
    assertEquals("mljobs.jobs.a.password", e.key());
    assertTrue(e.getMessage().contains("export MLJOBS_TEST_SURELY_UNSET_VAR"), e.getMessage());
    assertTrue(e.getMessage().contains("mljobs.jobs.a.password-file"), e.getMessage());
  }

  @Test
  void secretFromFileIsReadAndNeverPrinted() throws Exception {
    Path secretFile = tmp.resolve("pg.secret");
    Files.writeString(secretFile, "s3cr3t-value\n");
    ConfigFixture f = fixture();
    f.pipeline("mljobs { jobs.a.password-file = \"" + secretFile + "\" }");
    LoadedConfig loaded = ConfigLoader.load(f.request("local"));
    Secret secret =
        loaded.settings().section("mljobs").section("jobs").section("a").secret("password");
    assertEquals("s3cr3t-value", secret.reveal());
    assertEquals(Redactor.MASK, secret.toString());
    assertEquals(
        "jdbc:postgresql://h/db?user=u&password=" + Redactor.MASK,
        Redactor.scrub("jdbc:postgresql://h/db?user=u&password=s3cr3t-value"));
    assertEquals("login failed for ******", Redactor.scrub("login failed for s3cr3t-value"));
  }

  @Test
  void literalSecretInAConfigFileIsRejected() {
    ConfigFixture f = fixture();
    f.pipeline("mljobs { jobs.a.password = \"hunter22\" }");
    Settings a =
        ConfigLoader.load(f.request("local"))
            .settings()
            .section("mljobs")
            .section("jobs")
            .section("a");
    ConfigError e = assertThrows(ConfigError.class, () -> a.secret("password"));
    assertTrue(e.getMessage().contains("literal secret"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter22"), "the secret is not echoed: " + e.getMessage());
  }

  @Test
  void redactedTreeAndOverridesMaskSecrets() {
    ConfigFixture f = fixture();
    LoadedConfig loaded =
        ConfigLoader.load(
            f.request("local", "mljobs.jobs.a.password=topsecret1", "mljobs.jobs.a.user=bob"));
    @SuppressWarnings("unchecked")
    Map<String, Object> a =
        (Map<String, Object>)
            ((Map<String, Object>)
                    ((Map<String, Object>) loaded.redacted().get("mljobs")).get("jobs"))
                .get("a");
    assertEquals(Redactor.MASK, a.get("password"));
    assertEquals("bob", a.get("user"));
    assertEquals(
        java.util.List.of("mljobs.jobs.a.password=" + Redactor.MASK, "mljobs.jobs.a.user=bob"),
        loaded.redactedOverrides());
  }

  @Test
  void choiceRejectsUnknownValueWithSuggestion() {
    ConfigFixture f = fixture();
    Settings spark =
        ConfigLoader.load(f.request("local", "mljobs.spark.profile=clustr"))
            .settings()
            .section("mljobs")
            .section("spark");
    ConfigError e =
        assertThrows(ConfigError.class, () -> io.mljobs.common.spark.SparkSettings.from(spark));
    assertTrue(e.getMessage().contains("must be one of [local, cluster]"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean 'cluster'?"), e.getMessage());
  }
}
