package io.mljobs.common.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to load: a pipeline config (file, or folder holding {@code pipeline.conf}), an environment
 * overlay name, an optional config root (the folder with {@code base.conf} and {@code env/};
 * found upwards from the pipeline when absent) and {@code --set} overrides in order.
 */
public record ConfigRequest(Path pipeline, String env, Path confDir, Map<String, String> overrides) {
  public ConfigRequest {
    Objects.requireNonNull(env, "env");
    overrides = Map.copyOf(new LinkedHashMap<>(overrides));
  }
}
