package io.mljobs.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Typed, validating access to one config section. Every getter turns Typesafe Config's exceptions
 * into a {@link ConfigError} that names the full key and says what to do, and remembers which keys
 * were asked for, so that {@link #rejectUnknownKeys()} can report a misspelled key together with
 * the nearest known name.
 *
 * <p>Typical use, inside a config record's factory:
 *
 * <pre>{@code
 * Settings s = root.section("mljobs.jobs.ingest-files");
 * var cfg = new IngestConfig(s.string("source"), s.integer("max-files", 1000));
 * s.rejectUnknownKeys();
 * }</pre>
 */
public final class Settings {
  /** The config key that bounds the length of secrets from below. */
  public static final String MIN_SECRET_LENGTH = "mljobs.secrets.min-length";

  private final Config root;
  private final Config unresolved;
  private final String path;
  private final Set<String> known = new TreeSet<>();
  private final Map<String, Settings> children = new LinkedHashMap<>();

  private Settings(Config root, Config unresolved, String path) {
    this.root = root;
    this.unresolved = unresolved;
    this.path = path;
  }

  /**
   * Settings over a whole resolved config ({@code unresolved} names env vars of missing secrets).
   */
  public static Settings of(Config resolved, Config unresolved) {
    return new Settings(resolved, unresolved, "");
  }

  /** Settings over a whole resolved config, for tests and simple callers. */
  public static Settings of(Config resolved) {
    return new Settings(resolved, resolved, "");
  }

  /** The full dotted path of a key in this section. */
  public String fullKey(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** This section's path ("" for the root). */
  public String path() {
    return path;
  }

  /** The underlying resolved config of this section (for handing open maps on as they are). */
  public Config config() {
    return path.isEmpty() ? root : root.getConfig(path);
  }

  public boolean has(String key) {
    known.add(firstSegment(key));
    return root.hasPath(fullKey(key));
  }

  // ---- sections -------------------------------------------------------------------------

  /** A required sub-section. */
  public Settings section(String key) {
    expect(key, ConfigValueType.OBJECT, "a section { ... }");
    // One Settings per sub-section, so keys declared on it by one reader are seen by the next.
    return children.computeIfAbsent(key, k -> new Settings(root, unresolved, fullKey(k)));
  }

  /** A sub-section, or an empty one when absent. */
  public Settings sectionOrEmpty(String key) {
    if (!has(key) || isNull(key)) {
      Config empty =
          ConfigFactory.empty().withValue(fullKey(key), ConfigValueFactory.fromMap(Map.of()));
      return new Settings(empty, unresolved, fullKey(key));
    }
    return section(key);
  }

  /** Named sub-sections in declaration-independent (sorted) order: {@code datasets { a {..} } }. */
  public Map<String, Settings> namedSections(String key) {
    Map<String, Settings> result = new LinkedHashMap<>();
    if (!has(key)) {
      return result;
    }
    Settings parent = section(key);
    for (String name : new TreeSet<>(parent.config().root().keySet())) {
      result.put(name, parent.section(ConfigUtil.quoteString(name)));
    }
    return result;
  }

  // ---- scalars --------------------------------------------------------------------------

  public String string(String key) {
    return read(key, "a string", Config::getString);
  }

  public String string(String key, String defaultValue) {
    return optionalString(key).orElse(defaultValue);
  }

  public Optional<String> optionalString(String key) {
    return has(key) && !isNull(key) ? Optional.of(string(key)) : Optional.empty();
  }

  public int integer(String key) {
    return read(key, "a whole number", Config::getInt);
  }

  public int integer(String key, int defaultValue) {
    return has(key) && !isNull(key) ? integer(key) : defaultValue;
  }

  /** A whole number at least {@code min}. */
  public int integer(String key, int defaultValue, int min) {
    int value = integer(key, defaultValue);
    requireAtLeast(key, value, min);
    return value;
  }

  public long longValue(String key, long defaultValue) {
    return has(key) && !isNull(key) ? read(key, "a whole number", Config::getLong) : defaultValue;
  }

  /** A whole number at least {@code min}. */
  public long longValue(String key, long defaultValue, long min) {
    long value = longValue(key, defaultValue);
    requireAtLeast(key, value, min);
    return value;
  }

  private void requireAtLeast(String key, long value, long min) {
    if (value < min) {
      throw new ConfigError(
          fullKey(key),
          "Config key '"
              + fullKey(key)
              + "' must be at least "
              + min
              + ", but is "
              + value
              + origin(key));
    }
  }

  public double number(String key, double defaultValue) {
    return has(key) && !isNull(key) ? read(key, "a number", Config::getDouble) : defaultValue;
  }

  public boolean bool(String key, boolean defaultValue) {
    return has(key) && !isNull(key) ? read(key, "true or false", Config::getBoolean) : defaultValue;
  }

  /** A size in bytes, written as a number or with a unit such as {@code 8 MiB}. */
  public long bytes(String key, long defaultValue) {
    return has(key) && !isNull(key)
        ? read(key, "a size such as 8 MiB", Config::getBytes)
        : defaultValue;
  }

  public Duration duration(String key, Duration defaultValue) {
    return has(key) && !isNull(key)
        ? read(key, "a duration such as 30s or 5m", Config::getDuration)
        : defaultValue;
  }

  /**
   * A duration above zero; the error names the key, the value and {@code example} (such as {@code
   * 30s}) as a valid one.
   */
  public Duration positiveDuration(String key, Duration defaultValue, String example) {
    Duration value = duration(key, defaultValue);
    if (value.isNegative() || value.isZero()) {
      throw new ConfigError(
          fullKey(key),
          "Config key '"
              + fullKey(key)
              + "' must be a positive duration such as "
              + example
              + ", but is "
              + value
              + ".");
    }
    return value;
  }

  public List<String> strings(String key, List<String> defaultValue) {
    return has(key) && !isNull(key)
        ? List.copyOf(read(key, "a list of strings", Config::getStringList))
        : defaultValue;
  }

  public Optional<LocalDate> optionalDate(String key) {
    return optionalString(key).map(v -> parseDate(key, v));
  }

  /**
   * One of the enum's constants, written in kebab-case in config ({@code cluster}, {@code
   * available-now}).
   */
  public <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
    Optional<String> value = optionalString(key);
    if (value.isEmpty()) {
      return defaultValue;
    }
    String wanted = value.get().trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(wanted)) {
        return constant;
      }
    }
    List<String> names =
        Arrays.stream(type.getEnumConstants()).map(Settings::kebab).collect(Collectors.toList());
    throw new ConfigError(
        fullKey(key),
        "Config key '"
            + fullKey(key)
            + "' must be one of "
            + names
            + ", but is '"
            + value.get()
            + "'"
            + NearestNames.didYouMean(value.get(), names)
            + origin(key));
  }

  /**
   * An open map of string values, taken as given (e.g. extra Spark settings, driver properties,
   * Kafka options), except credentials: an entry whose name names one ({@code
   * kafka.sasl.jaas.config}, {@code sslpassword}, {@code fs.s3a.secret.key}, see {@link
   * Redactor#isSecretKey}) or whose value carries one ({@code password="..."}, a URL with a
   * password) is treated like a password key. It must come from the environment ({@code
   * ${?ENV_VAR}}), or from a file named by the entry {@code <name>-file}; a literal is refused, and
   * the value is masked wherever mljobs prints or stores text.
   */
  public Map<String, String> stringMap(String key) {
    Map<String, String> result = new LinkedHashMap<>();
    if (!has(key) || isNull(key)) {
      return result;
    }
    Config sub = read(key, "a section { key = value }", Config::getConfig);
    sub.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> putEntry(key, unquote(e.getKey()), e.getValue(), result));
    return result;
  }

  private void putEntry(String mapKey, String name, ConfigValue value, Map<String, String> result) {
    String entryKey = fullKey(mapKey) + "." + ConfigUtil.joinPath(name);
    String text = String.valueOf(value.unwrapped());
    if (name.endsWith("-file")) {
      String target = name.substring(0, name.length() - "-file".length());
      if (Redactor.isSecretKey(target)) {
        result.put(target, readSecretFile(Path.of(text), entryKey).reveal());
        return;
      }
    }
    if (Redactor.isSecretKey(name) || Redactor.carriesCredential(text)) {
      String origin = value.origin().description();
      if (!fromEnvironment(origin)) {
        throw new ConfigError(
            entryKey,
            "Config key '"
                + entryKey
                + "' holds a literal credential ("
                + origin
                + "). Credentials must come from the environment or a file: write \""
                + name
                + "\" = ${?YOUR_ENV_VAR} (the whole value) or \""
                + name
                + "-file\" = /path/to/file.");
      }
      result.put(name, checkedSecret(text, entryKey).reveal());
      return;
    }
    result.put(name, text);
  }

  // ---- secrets --------------------------------------------------------------------------

  /**
   * A credential from {@code key} (which must come from an environment variable through {@code
   * ${?VAR}}) or from the file named by {@code key-file}. A literal secret in a config file is
   * rejected, so none gets committed.
   */
  public Secret secret(String key) {
    return optionalSecret(key)
        .orElseThrow(
            () ->
                new ConfigError(
                    fullKey(key),
                    "Secret '"
                        + fullKey(key)
                        + "' is not set: "
                        + envHint(key)
                        + "or set '"
                        + fullKey(key + "-file")
                        + "' to a file that holds it."));
  }

  public Optional<Secret> optionalSecret(String key) {
    String fileKey = key + "-file";
    if (has(key) && !isNull(key)) {
      ConfigValue value = root.getValue(fullKey(key));
      String origin = value.origin().description();
      if (!fromEnvironment(origin)) {
        throw new ConfigError(
            fullKey(key),
            "Config key '"
                + fullKey(key)
                + "' holds a literal secret ("
                + origin
                + "). Secrets must come from the environment or a file: write "
                + key
                + " = ${?YOUR_ENV_VAR} or "
                + fileKey
                + " = /path/to/secret.");
      }
      return Optional.of(checkedSecret(string(key), fullKey(key)));
    }
    if (has(fileKey) && !isNull(fileKey)) {
      return Optional.of(readSecretFile(Path.of(string(fileKey)), fullKey(fileKey)));
    }
    return Optional.empty();
  }

  private Secret readSecretFile(Path file, String fileKey) {
    String value;
    try {
      value = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new ConfigError(
          fileKey,
          "Cannot read the secret file '"
              + file
              + "' named by '"
              + fileKey
              + "' ("
              + e.getClass().getSimpleName()
              + "). Create it (readable by this user) or point the key at the right file.");
    }
    return checkedSecret(value, fileKey);
  }

  /**
   * A secret of at least {@code mljobs.secrets.min-length} characters (reference.conf: {@value
   * Redactor#MIN_SCRUB_LENGTH}; the local environment sets 0). A shorter one is refused: it is
   * weak, and too short to be masked in free text without giving itself away.
   */
  private Secret checkedSecret(String value, String key) {
    int min =
        root.hasPath(MIN_SECRET_LENGTH) && !root.getIsNull(MIN_SECRET_LENGTH)
            ? root.getInt(MIN_SECRET_LENGTH)
            : 0;
    if (value.length() < min) {
      throw new ConfigError(
          key,
          "The secret from '"
              + key
              + "' is "
              + value.length()
              + " characters long; this environment requires at least "
              + min
              + " ("
              + MIN_SECRET_LENGTH
              + "). Use a longer secret; only the local environment accepts short ones.");
    }
    return Secret.of(value);
  }

  private static boolean fromEnvironment(String origin) {
    return origin.contains("env variables") || origin.contains("system properties");
  }

  /**
   * Where the secret {@code key} is taken from, for messages that tell the user what to check after
   * a credential was refused: {@code environment variable MLJOBS_PG_PASSWORD}, {@code file
   * /run/secrets/pg (mljobs.sources.x.password-file)}, or the key itself. Never the value.
   */
  public String secretSource(String key) {
    String fileKey = key + "-file";
    if (has(key) && !isNull(key)) {
      String reference = unresolvedReference(fullKey(key));
      if (reference != null && reference.startsWith("${")) {
        return "environment variable "
            + reference.replace("${?", "").replace("${", "").replace("}", "");
      }
      return "'" + fullKey(key) + "'";
    }
    if (has(fileKey) && !isNull(fileKey)) {
      return "file " + string(fileKey) + " (" + fullKey(fileKey) + ")";
    }
    return "'" + fullKey(key) + "'";
  }

  private String envHint(String key) {
    String reference = unresolvedReference(fullKey(key));
    if (reference != null && reference.startsWith("${")) {
      String variable = reference.replace("${?", "").replace("${", "").replace("}", "");
      return "export " + variable + " (the config reads it as " + reference + ") ";
    }
    return "set it from an environment variable (" + key + " = ${?YOUR_ENV_VAR}) ";
  }

  private String unresolvedReference(String key) {
    try {
      ConfigValue current = unresolved.root();
      for (String segment : ConfigUtil.splitPath(key)) {
        if (!(current instanceof ConfigObject object)) {
          return null;
        }
        current = object.get(segment);
        if (current == null) {
          return null;
        }
      }
      return current.render();
    } catch (ConfigException e) {
      return null; // an unresolved merge cannot be inspected; fall back to the generic hint
    }
  }

  // ---- unknown keys ---------------------------------------------------------------------

  /** Marks keys as known without reading them (sections other jobs own). */
  public Settings declare(Iterable<String> keys) {
    keys.forEach(known::add);
    return this;
  }

  /**
   * Fails on the first key present in this section (or a section read from it) that no getter asked
   * for, naming the nearest known key.
   */
  public void rejectUnknownKeys() {
    Config here = config();
    for (String key : new TreeSet<>(here.root().keySet())) {
      if (!known.contains(key) && !known.contains(ConfigUtil.quoteString(key))) {
        ConfigValue value = here.root().get(key);
        throw new ConfigError(
            fullKey(key),
            "Unknown config key '"
                + fullKey(key)
                + "'"
                + NearestNames.didYouMean(key, known)
                + " in "
                + value.origin().description()
                + ". Known keys here: "
                + known
                + ".");
      }
    }
    children.values().forEach(Settings::rejectUnknownKeys);
  }

  // ---- internals ------------------------------------------------------------------------

  private boolean isNull(String key) {
    return root.getIsNull(fullKey(key));
  }

  private void expect(String key, ConfigValueType type, String description) {
    if (!has(key) || isNull(key)) {
      throw missing(key);
    }
    ConfigValue value = root.getValue(fullKey(key));
    if (value.valueType() != type) {
      throw wrongType(key, description, value);
    }
  }

  private <T> T read(
      String key, String description, java.util.function.BiFunction<Config, String, T> getter) {
    known.add(firstSegment(key));
    String full = fullKey(key);
    try {
      return getter.apply(root, full);
    } catch (ConfigException.Missing e) {
      throw missing(key);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw wrongType(key, description, root.getValue(full));
    }
  }

  private ConfigError missing(String key) {
    return new ConfigError(
        fullKey(key),
        "Missing config key '"
            + fullKey(key)
            + "': set it in the pipeline or environment config, or pass --set "
            + fullKey(key)
            + "=<value>.");
  }

  private ConfigError wrongType(String key, String description, ConfigValue value) {
    String shown =
        Redactor.isSecretKey(key)
            ? Redactor.MASK
            : Redactor.scrub(value.render(com.typesafe.config.ConfigRenderOptions.concise()));
    return new ConfigError(
        fullKey(key),
        "Config key '"
            + fullKey(key)
            + "' must be "
            + description
            + ", but is "
            + value.valueType().name().toLowerCase(Locale.ROOT)
            + " "
            + shown
            + " ("
            + value.origin().description()
            + ").");
  }

  private String origin(String key) {
    return " (" + root.getValue(fullKey(key)).origin().description() + ").";
  }

  private LocalDate parseDate(String key, String value) {
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new ConfigError(
          fullKey(key),
          "Config key '"
              + fullKey(key)
              + "' must be a date like 2026-11-26, but is '"
              + value
              + "'.");
    }
  }

  private static String firstSegment(String key) {
    List<String> parts = ConfigUtil.splitPath(key);
    return parts.get(0);
  }

  private static String unquote(String key) {
    return ConfigUtil.splitPath(key).stream().collect(Collectors.joining("."));
  }

  private static String kebab(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
