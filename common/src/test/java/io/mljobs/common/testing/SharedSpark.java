package io.mljobs.common.testing;

import io.mljobs.common.spark.SparkSessions;
import io.mljobs.common.spark.SparkSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives every test class in the JVM the same local SparkSession (the
 * production local profile: local[2], loopback, Delta on, 2 shuffle partitions). Starting Spark
 * costs seconds, so it is started once and stopped when the whole test run ends.
 *
 * <pre>{@code
 * @ExtendWith(SharedSpark.class)
 * class MyTest {
 *   @Test void works(SparkSession spark) { ... }
 * }
 * }</pre>
 */
public final class SharedSpark implements ParameterResolver {
  private static SparkSession session;

  /** The shared session, started on first use. */
  public static synchronized SparkSession session() {
    if (session == null) {
      try {
        Path scratch = Files.createTempDirectory("mljobs-test-spark");
        System.setProperty(
            "spark.sql.warehouse.dir", scratch.resolve("spark-warehouse").toString());
        System.setProperty("derby.system.home", scratch.toString());
      } catch (IOException e) {
        throw new IllegalStateException("Cannot create a scratch folder for Spark", e);
      }
      session = SparkSessions.create(SparkSettings.localDefaults(), "mljobs-tests");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
    }
    return session;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    return parameter.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
    return session();
  }
}
