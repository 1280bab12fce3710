package io.mljobs.jobs.it;

import java.nio.file.Path;

/** Connection facts of the local services, from scripts/services/env.sh's variables. */
final class ServiceEnv {
  private ServiceEnv() {}

  static String get(String name, String defaultValue) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? defaultValue : value;
  }

  static Path projectRoot() {
    return Path.of(System.getProperty("mljobs.project.root", ".")).toAbsolutePath().normalize();
  }

  /** The demo data generator's jar (module demo/), which the job jar does not hold. */
  static Path demoJar() {
    return projectRoot().resolve("demo/target/mljobs-demo.jar");
  }

  static Path sparkHome() {
    return Path.of(
        get("MLJOBS_SPARK_HOME", System.getProperty("user.home") + "/.cache/mljobs/spark-3.5.7"));
  }

  static String sparkMaster() {
    return get("MLJOBS_SPARK_MASTER", "spark://127.0.0.1:57077");
  }
}
