package io.mljobs.common.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.mljobs.common.delta.TablePolicy.SchemaEvolution;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class TablePolicyTest {
  static final StructType BASE =
      new StructType().add("id", DataTypes.LongType).add("name", DataTypes.StringType);

  @Test
  void additiveColumnsPassAndBreakingChangesAreNamed() {
    StructType added = BASE.add("score", DataTypes.DoubleType);
    assertEquals(
        List.of("score double"),
        SchemaPolicy.check("silver.t", BASE, added, SchemaEvolution.ADDITIVE));
    JobFailure none =
        assertThrows(
            JobFailure.class,
            () -> SchemaPolicy.check("silver.t", BASE, added, SchemaEvolution.NONE));
    assertTrue(none.getMessage().contains("new columns: [score double]"), none.getMessage());
    StructType breaking =
        new StructType().add("id", DataTypes.StringType).add("other", DataTypes.StringType);
    JobFailure e =
        assertThrows(
            JobFailure.class,
            () -> SchemaPolicy.check("silver.t", BASE, breaking, SchemaEvolution.ADDITIVE));
    assertTrue(
        e.getMessage().contains("columns missing from the new rows: [name]"), e.getMessage());
    assertTrue(
        e.getMessage().contains("columns with a changed type: [id (bigint -> string)]"),
        e.getMessage());
  }

  @Test
  void newTablesGetThePropertiesAndNewColumnsAreMergedWhenAdditive(
      SparkSession spark, @TempDir Path tmp) {
    String path = tmp.resolve("t").toString();
    TablePolicy policy =
        new TablePolicy(Duration.ofDays(10), Duration.ofDays(40), true, SchemaEvolution.ADDITIVE);
    DeltaOutput.to(path).policy(policy).append().execute(spark.sql("SELECT 1L AS id"));
    Map<String, String> properties =
        DeltaTable.forPath(spark, path).detail().select("properties").first().getJavaMap(0);
    assertEquals("interval 240 hours", properties.get("delta.deletedFileRetentionDuration"));
    assertEquals("interval 960 hours", properties.get("delta.logRetentionDuration"));
    assertEquals("true", properties.get("delta.enableChangeDataFeed"));
    assertEquals(1L, DeltaTable.forPath(spark, path).history().count(), "no extra commit");

    DeltaOutput.to(path).policy(policy).append().execute(spark.sql("SELECT 2L AS id, 'x' AS tag"));
    assertEquals(List.of("id", "tag"), List.of(spark.read().format("delta").load(path).columns()));

    TablePolicy strict =
        new TablePolicy(Duration.ofDays(7), Duration.ofDays(30), false, SchemaEvolution.NONE);
    JobFailure e =
        assertThrows(
            JobFailure.class,
            () ->
                DeltaOutput.to(path)
                    .named("silver.t")
                    .policy(strict)
                    .append()
                    .execute(spark.sql("SELECT 3L AS id, 'y' AS tag, 0.5D AS extra")));
    assertTrue(e.getMessage().contains("Schema change rejected for silver.t"), e.getMessage());
    assertTrue(e.getMessage().contains("extra double"), e.getMessage());
  }
}
