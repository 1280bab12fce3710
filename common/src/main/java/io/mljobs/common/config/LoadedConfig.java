package io.mljobs.common.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A resolved config and where it came from. {@link #settings()} is the typed entry point; {@link
 * #redacted()} is what manifests and {@code describe-config} show.
 *
 * @param resolved the merged, resolved config (only the {@code mljobs} tree matters)
 * @param unresolved the merged config before resolution, to name env vars behind missing secrets
 * @param sources the files merged, lowest precedence first
 * @param overrides the {@code --set} overrides as given
 * @param referenceKeys the top-level keys of {@code mljobs} declared in reference.conf
 */
public record LoadedConfig(
    Config resolved,
    Config unresolved,
    List<Path> sources,
    Map<String, String> overrides,
    Set<String> referenceKeys) {

  /** Typed access from the root (use {@code settings().section("mljobs")}). */
  public Settings settings() {
    return Settings.of(resolved, unresolved);
  }

  /** The {@code mljobs} tree with secrets masked. */
  public Map<String, Object> redacted() {
    return Redactor.redactedTree(resolved.withOnlyPath("mljobs"));
  }

  /** The overrides as {@code key=value} strings with secret values masked. */
  public List<String> redactedOverrides() {
    return Redactor.redactOverrides(overrides);
  }
}
