package io.mljobs.common.testing;

import io.mljobs.common.config.ConfigRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a small config tree (base.conf, env/local.conf, pipelines/test/pipeline.conf) into a
 * folder, the way a user's conf/ looks, so tests go through the real loader.
 */
public final class ConfigFixture {
  private final Path confDir;

  private ConfigFixture(Path confDir) {
    this.confDir = confDir;
  }

  /** A tree whose local env points the warehouse at {@code warehouse}. */
  public static ConfigFixture create(Path folder, Path warehouse) {
    ConfigFixture fixture = new ConfigFixture(folder.resolve("conf"));
    fixture.write("base.conf", "mljobs { pipeline = test }\n");
    fixture.write(
        "env/local.conf",
        "mljobs { warehouse = \""
            + warehouse.toString().replace("\\", "/")
            + "\"\n spark.profile = local\n secrets.min-length = 0 }\n"); // as conf/env/local.conf
    fixture.write("env/cluster.conf", "mljobs { spark.profile = cluster }\n");
    fixture.write("pipelines/test/pipeline.conf", "mljobs { }\n");
    return fixture;
  }

  /** Writes (or replaces) a file under the conf folder. */
  public ConfigFixture write(String relative, String content) {
    Path file = confDir.resolve(relative);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Replaces the test pipeline's config. */
  public ConfigFixture pipeline(String content) {
    return write("pipelines/test/pipeline.conf", content);
  }

  public Path confDir() {
    return confDir;
  }

  public Path pipelineDir() {
    return confDir.resolve("pipelines/test");
  }

  /** A request for the test pipeline in {@code env} with overrides "k=v". */
  public ConfigRequest request(String env, String... overrides) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String override : overrides) {
      int eq = override.indexOf('=');
      map.put(override.substring(0, eq), override.substring(eq + 1));
    }
    return new ConfigRequest(pipelineDir(), env, null, map);
  }
}
