package io.mljobs.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The promotion keys of a dataset, parsed and validated before Spark starts. */
class PromotionSpecTest {

  private static Map<String, DatasetSpec> parse(String config) {
    Settings mljobs = Settings.of(ConfigFactory.parseString(config).resolve()).section("mljobs");
    return DatasetSpecs.from(mljobs);
  }

  private static DatasetSpec pos(String keys) {
    return parse(
            "mljobs.datasets.pos { table = bronze.pos, "
                + keys
                + ", checks = [ { type = completeness, column = id } ] }")
        .get("pos");
  }

  @Test
  void defaultsComeFromTheBuiltInsThenMljobsQualityThenTheDataset() {
    assertEquals(PromotionSpec.DEFAULTS, pos("row-level = fail").promotion());
    DatasetSpec overridden =
        parse(
                """
                mljobs.quality { max-quarantine-fraction = 0.2, skip-unchanged = false }
                mljobs.datasets.pos {
                  table = bronze.pos
                  primary-key = [id, day]
                  on-duplicate-key = quarantine
                  allow-empty-promotion = true
                  max-quarantine-fraction = 0.5
                }
                mljobs.datasets.web { table = bronze.web }
                """)
            .get("pos");
    assertEquals(
        new PromotionSpec(
            0.5, true, List.of("id", "day"), PromotionSpec.OnDuplicateKey.QUARANTINE, false),
        overridden.promotion());
  }

  @Test
  void theDefaultsUnderMljobsQualityAreKnownKeysToEveryReaderOfThatSection() {
    String config =
        """
        mljobs.quality { results-table = "quality.r", max-quarantine-fraction = 0.1,
          allow-empty-promotion = false, on-duplicate-key = merge, skip-unchanged = true }
        mljobs.datasets.pos { table = bronze.pos }
        """;
    // A job that reads the datasets only (suggest-checks), and one that reads the quality
    // settings only (detect-drift): neither reports the other's keys as unknown.
    Settings datasetsReader =
        Settings.of(ConfigFactory.parseString(config).resolve()).section("mljobs");
    DatasetSpecs.from(datasetsReader);
    datasetsReader.rejectUnknownKeys();
    Settings qualityReader =
        Settings.of(ConfigFactory.parseString(config).resolve()).section("mljobs");
    qualityReader.declare(List.of("datasets"));
    QualitySettings.from(qualityReader);
    qualityReader.rejectUnknownKeys();
  }

  @Test
  void aPrimaryKeyAddsAGatingUniquenessCheckUnlessOneIsDeclared() {
    DatasetSpec keyed = pos("primary-key = [id]");
    CheckSpec added = keyed.checks().get(keyed.checks().size() - 1);
    assertEquals(
        new CheckSpec.Uniqueness("primary-key(id)", Severity.ERROR, List.of("id"), 1.0), added);
    DatasetSpec declared =
        parse(
                "mljobs.datasets.pos { table = bronze.pos, primary-key = [id], checks = [ { type"
                    + " = uniqueness, columns = [id] } ] }")
            .get("pos");
    assertEquals(1, declared.checks().size());
  }

  @Test
  void badPromotionKeysFailNamingTheKey() {
    ConfigError share = assertThrows(ConfigError.class, () -> pos("max-quarantine-fraction = 5"));
    assertEquals(
        "Config key 'mljobs.datasets.\"pos\".max-quarantine-fraction' is a share of the checked rows"
            + " within [0, 1] (0.05 = 5%), but is 5.0.",
        share.getMessage());
    ConfigError orphan = assertThrows(ConfigError.class, () -> pos("on-duplicate-key = merge"));
    assertEquals(
        "Config key 'mljobs.datasets.\"pos\".on-duplicate-key' needs a primary key: add primary-key ="
            + " [<column>, ...] to the dataset, or remove on-duplicate-key.",
        orphan.getMessage());
    ConfigError twice = assertThrows(ConfigError.class, () -> pos("primary-key = [id, id]"));
    assertEquals("mljobs.datasets.\"pos\".primary-key", twice.key());
    ConfigError mode =
        assertThrows(
            ConfigError.class, () -> pos("primary-key = [id], on-duplicate-key = replace"));
    assertEquals("mljobs.datasets.\"pos\".on-duplicate-key", mode.key());
  }
}
