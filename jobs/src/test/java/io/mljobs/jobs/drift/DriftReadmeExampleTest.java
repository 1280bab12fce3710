package io.mljobs.jobs.drift;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's drift example is the demo's drift.conf, word for word. */
class DriftReadmeExampleTest {
  @Test
  void theReadmesDriftExampleIsTheDemosDriftConf() throws Exception {
    Path root =
        Path.of(System.getProperty("mljobs.project.root", "..")).toAbsolutePath().normalize();
    String conf = Files.readString(root.resolve("conf/pipelines/demo/drift.conf")).strip();
    String readme = Files.readString(root.resolve("README.md"));
    assertTrue(
        readme.contains("```hocon\n" + conf + "\n```"),
        "README.md, section Drift, must show conf/pipelines/demo/drift.conf as it is");
  }
}
