package io.mljobs.jobs.ingest.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.ConfigLoader;
import io.mljobs.common.config.Settings;
import io.mljobs.common.testing.ConfigFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestJdbcConfigTest {
  @TempDir Path tmp;

  private IngestJdbcConfig configure(String... overrides) throws Exception {
    Path secret = Files.writeString(tmp.resolve("pw"), "irrelevant-here");
    ConfigFixture fixture = ConfigFixture.create(tmp, tmp.resolve("wh"));
    String source =
        "{ type = jdbc, url = \"jdbc:postgresql://127.0.0.1:1/db\", user = u, password-file = \""
            + secret
            + "\", key-columns = [id], watermark-column = ts, schema = s, table = %s }\n";
    fixture.pipeline(
        "mljobs.schemas.s.columns = [{ name = id, type = int }, { name = ts, type = timestamp }]\n"
            + "mljobs.sources.orders = "
            + source.formatted("orders")
            + "mljobs.sources.refunds = "
            + source.formatted("refunds")
            + "mljobs.sources.landing { type = files, format = csv, path = /x, schema = s }\n");
    Settings mljobs =
        ConfigLoader.load(fixture.request("local", overrides)).settings().section("mljobs");
    IngestJdbcConfig config = new IngestJdbcJob().configure(mljobs);
    // As the runner does for the whole tree: every key of a parsed source was read.
    mljobs.section("sources").rejectUnknownKeys();
    return config;
  }

  @Test
  void everyJdbcSourceByDefaultAndNoFileSource() throws Exception {
    assertEquals(
        List.of("orders", "refunds"),
        configure().sources().stream().map(JdbcSourceSpec::name).toList());
  }

  @Test
  void aChosenSubset() throws Exception {
    assertEquals(
        List.of("refunds"),
        configure("mljobs.jobs.ingest-jdbc.sources=[refunds]").sources().stream()
            .map(JdbcSourceSpec::name)
            .toList());
  }

  @Test
  void unknownOrNonJdbcSourceIsAConfigErrorWithSuggestion() {
    ConfigError typo =
        assertThrows(
            ConfigError.class, () -> configure("mljobs.jobs.ingest-jdbc.sources=[refund]"));
    assertEquals("mljobs.jobs.ingest-jdbc.sources", typo.key());
    assertTrue(typo.getMessage().contains("did you mean 'refunds'?"), typo.getMessage());
    ConfigError files =
        assertThrows(
            ConfigError.class, () -> configure("mljobs.jobs.ingest-jdbc.sources=[landing]"));
    assertTrue(files.getMessage().contains("not a JDBC source"), files.getMessage());
  }

  @Test
  void aBadSourceFailsBeforeSparkNamingItsKey() {
    ConfigError e =
        assertThrows(ConfigError.class, () -> configure("mljobs.sources.orders.mode=merge"));
    assertEquals("mljobs.sources.orders.mode", e.key());
  }
}
