package io.mljobs.jobs.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorStagingWriterTest {
  @Test
  void optionsWriteIntoTheExistingStagingTableWithTheConfiguredCredential() {
    PublishSnowflakeConfig config =
        PublishSnowflakeConfigTest.parse(
            "p { source = \"silver.s\", target = T }",
            "write-path = connector",
            "connector-options { sfCompress = \"on\" }");
    SnowflakeTable staging =
        config.publications().get(0).target().sibling(new SnowflakeIdentifier("T__MLJOBS_STAGE_1"));
    Map<String, String> options =
        new ConnectorStagingWriter(config.connection(), config.connectorOptions()).options(staging);
    assertEquals("xy12345.eu-west-1.snowflakecomputing.com", options.get("sfURL"));
    assertEquals("loader", options.get("sfUser"));
    assertEquals(PublishSnowflakeConfigTest.SECRET, options.get("sfPassword"));
    assertEquals("ANALYTICS", options.get("sfDatabase"));
    assertEquals("ML", options.get("sfSchema"));
    assertEquals("LOAD_WH", options.get("sfWarehouse"));
    assertEquals("T__MLJOBS_STAGE_1", options.get("dbtable"));
    assertEquals("off", options.get("usestagingtable"));
    assertEquals("off", options.get("truncate_table"));
    assertEquals("name", options.get("column_mapping"));
    assertEquals("on", options.get("sfCompress"));
    assertFalse(options.containsKey("pem_private_key"));
    assertEquals(WritePath.CONNECTOR, config.writePath());
    assertEquals(ConnectorStagingWriter.class, PublishSnowflakeJob.writer(config).getClass());
  }

  @Test
  void sfUrlIsTheHostOfTheJdbcUrl() {
    assertEquals(
        "acct.snowflakecomputing.com",
        ConnectorStagingWriter.sfUrl("jdbc:snowflake://acct.snowflakecomputing.com/?db=X"));
    assertEquals(
        "acct.snowflakecomputing.com:443",
        ConnectorStagingWriter.sfUrl(
            "jdbc:snowflake://acct.snowflakecomputing.com:443?warehouse=W"));
  }
}
