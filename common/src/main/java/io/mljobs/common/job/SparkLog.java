package io.mljobs.common.job;

/**
 * Where Spark's own log lines go when mljobs' log4j2 configuration ({@code conf/log4j2.properties})
 * is in use: the file named by the {@code mljobs.log.file} system property, which {@code
 * scripts/mljobs} sets ({@code $MLJOBS_LOG_DIR}, default {@code logs/}). Errors name it.
 */
public final class SparkLog {
  /** The system property that names the log file. */
  public static final String PROPERTY = "mljobs.log.file";

  private SparkLog() {}

  /** The log file, or null when logging was configured some other way. */
  public static String file() {
    String file = System.getProperty(PROPERTY);
    return file == null || file.isBlank() ? null : file;
  }
}
