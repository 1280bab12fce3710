package io.mljobs.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Loads mljobs config in one fixed order, lowest precedence first: {@code reference.conf} (from the
 * jar), {@code <conf>/base.conf}, the pipeline file, {@code <conf>/env/<env>.conf}, then {@code
 * --set} overrides. The environment overlay comes after the pipeline because it describes where
 * things run (warehouse, Spark settings), which a pipeline must not pin.
 */
public final class ConfigLoader {
  /** The file a pipeline folder must hold. */
  public static final String PIPELINE_FILE = "pipeline.conf";

  private static final ConfigParseOptions STRICT =
      ConfigParseOptions.defaults().setAllowMissing(false);

  private ConfigLoader() {}

  /** Loads and resolves; every failure is a {@link ConfigError} naming the option or key. */
  public static LoadedConfig load(ConfigRequest request) {
    Path pipeline = pipelineFile(request.pipeline());
    Path confDir = request.confDir() != null ? request.confDir() : findConfDir(pipeline);
    Path base = confDir.resolve("base.conf");
    Path env = envFile(confDir, request.env());

    Config reference = ConfigFactory.parseResourcesAnySyntax("reference");
    Config overrides = overrides(request.overrides());
    Config unresolved =
        overrides
            .withFallback(parse(env, "--env"))
            .withFallback(parse(pipeline, "--config"))
            .withFallback(parse(base, "--conf-dir"))
            .withFallback(reference);
    Config resolved = resolve(unresolved);
    Set<String> referenceKeys =
        reference.hasPath("mljobs")
            ? new TreeSet<>(reference.getObject("mljobs").keySet())
            : Set.of();
    List<Path> sources = new ArrayList<>(List.of(base, pipeline, env));
    return new LoadedConfig(resolved, unresolved, sources, request.overrides(), referenceKeys);
  }

  /** The pipeline names found under {@code <conf>/pipelines/}, for messages and listings. */
  public static List<String> pipelinesUnder(Path confDir) {
    Path root = confDir.resolve("pipelines");
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(root)) {
      return children
          .filter(p -> Files.isRegularFile(p.resolve(PIPELINE_FILE)))
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  static Path pipelineFile(Path given) {
    if (given == null) {
      throw new ConfigError(
          "--config",
          "Missing --config: pass the pipeline config, e.g. --config conf/pipelines/demo.");
    }
    Path file = Files.isDirectory(given) ? given.resolve(PIPELINE_FILE) : given;
    if (!Files.isRegularFile(file)) {
      throw new ConfigError(
          "--config",
          "Config file '"
              + file
              + "' does not exist. Pass a pipeline folder or file, e.g. --config"
              + " conf/pipelines/demo (run from the project root, or give an absolute path).");
    }
    return file.toAbsolutePath().normalize();
  }

  static Path findConfDir(Path pipelineFile) {
    for (Path dir = pipelineFile.getParent(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("base.conf")) && Files.isDirectory(dir.resolve("env"))) {
        return dir;
      }
    }
    throw new ConfigError(
        "--conf-dir",
        "No config root (a folder with base.conf and env/) above '"
            + pipelineFile
            + "'. Keep pipelines under conf/pipelines/ or pass --conf-dir.");
  }

  private static Path envFile(Path confDir, String env) {
    Path file = confDir.resolve("env").resolve(env + ".conf");
    if (!Files.isRegularFile(file)) {
      List<String> known = new ArrayList<>();
      try (Stream<Path> files = Files.list(confDir.resolve("env"))) {
        files
            .map(p -> p.getFileName().toString())
            .filter(n -> n.endsWith(".conf"))
            .map(n -> n.substring(0, n.length() - 5))
            .sorted()
            .forEach(known::add);
      } catch (IOException e) {
        // the message below still says what is wrong
      }
      throw new ConfigError(
          "--env",
          "Unknown environment '"
              + env
              + "': there is no "
              + file
              + NearestNames.didYouMean(env, known)
              + ". Known environments: "
              + known
              + ".");
    }
    return file;
  }

  private static Config parse(Path file, String option) {
    try {
      return ConfigFactory.parseFile(file.toFile(), STRICT);
    } catch (ConfigException e) {
      throw new ConfigError(option, "Cannot read config " + file + ": " + e.getMessage(), e);
    }
  }

  static Config overrides(Map<String, String> overrides) {
    Config result = ConfigFactory.empty();
    for (Map.Entry<String, String> entry : overrides.entrySet()) {
      String key = entry.getKey().trim();
      try {
        ConfigUtil.splitPath(key);
      } catch (ConfigException e) {
        throw new ConfigError(
            "--set",
            "Invalid key in --set " + key + "=...: use a dotted path like mljobs.spark.ui=true.");
      }
      result = result.withValue(key, overrideValue(key, entry.getValue()));
    }
    return result;
  }

  /**
   * Lists and sections are parsed as HOCON; everything else stays a string (Typesafe Config
   * converts "42", "true", "30s" on typed reads), so URIs and paths need no quoting.
   */
  private static ConfigValue overrideValue(String key, String value) {
    String trimmed = value.trim();
    if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
      try {
        return ConfigFactory.parseString("v = " + trimmed)
            .getValue("v")
            .withOrigin(ConfigValueFactory.fromAnyRef(trimmed, "--set " + key).origin());
      } catch (ConfigException e) {
        throw new ConfigError(
            key, "Cannot parse --set " + key + "=" + value + ": " + e.getMessage());
      }
    }
    return ConfigValueFactory.fromAnyRef(value, "--set " + key);
  }

  private static Config resolve(Config unresolved) {
    try {
      return unresolved.resolve(ConfigResolveOptions.defaults());
    } catch (ConfigException.UnresolvedSubstitution e) {
      throw new ConfigError(
          "config",
          "Config refers to a value that is not set: "
              + e.getMessage()
              + ". Define it, or export the environment variable it names.",
          e);
    } catch (ConfigException e) {
      throw new ConfigError("config", "Cannot resolve config: " + e.getMessage(), e);
    }
  }
}
