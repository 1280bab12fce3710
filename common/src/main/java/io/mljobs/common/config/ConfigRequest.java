package io.mljobs.common.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to load: a pipeline config (file, or folder holding {@code pipeline.conf}), an environment
 * overlay name, an optional config root (the folder with {@code base.conf} and {@code env/}; found
 * upwards from the pipeline when absent) and {@code --set} overrides in order.
 */
public record ConfigRequest(
    Path pipeline, String env, Path confDir, Map<String, String> overrides) {
  public ConfigRequest {
    Objects.requireNonNull(env, "env");
    // Keep the user's order: it is shown back in manifests and describe-config.
    overrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
  }
}
