package io.mljobs.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of everything mljobs prints or stores: rendered config, manifests, error
 * messages. Two mechanisms: keys that name a credential are masked wherever config is rendered, and
 * every secret value read through {@link Secret} is scrubbed from free text.
 */
public final class Redactor {
  /** What a redacted value looks like. */
  public static final String MASK = "******";

  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "(?i).*(password|passwd|secret|token|private-key|private_key|passphrase|credential|api-key"
              + "|access-key|sas)$");
  private static final Pattern URL_PASSWORD =
      Pattern.compile("(?i)((?:password|pwd|passwd)=)[^&;\\s]+");
  private static final Pattern URL_USERINFO = Pattern.compile("(://[^/:@\\s]+:)[^@/\\s]+@");
  private static final Set<String> SECRET_VALUES = ConcurrentHashMap.newKeySet();

  private Redactor() {}

  /** True when a key's last segment names a credential (and is not a {@code -file} pointer). */
  public static boolean isSecretKey(String key) {
    String last = key.substring(key.lastIndexOf('.') + 1);
    return !last.endsWith("-file") && SECRET_KEY.matcher(last).matches();
  }

  static void registerSecretValue(String value) {
    // Very short values would scrub ordinary words; they are weak secrets anyway.
    if (value != null && value.length() >= 4) {
      SECRET_VALUES.add(value);
    }
  }

  /** Removes known secret values and URL-embedded passwords from free text. */
  public static String scrub(String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (String secret : SECRET_VALUES) {
      result = result.replace(secret, MASK);
    }
    result = URL_PASSWORD.matcher(result).replaceAll("$1" + MASK);
    return URL_USERINFO.matcher(result).replaceAll("$1" + MASK + "@");
  }

  /**
   * The config as a sorted tree of plain values (maps, lists, strings, numbers, booleans), with
   * secrets masked. Used for manifests and {@code describe-config}.
   */
  public static Map<String, Object> redactedTree(Config config) {
    Map<String, Object> tree = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> entry : config.root().entrySet()) {
      tree.put(entry.getKey(), redactValue(entry.getKey(), entry.getValue()));
    }
    return tree;
  }

  private static Object redactValue(String key, ConfigValue value) {
    if (isSecretKey(key) && value.valueType() != ConfigValueType.NULL) {
      return MASK;
    }
    switch (value.valueType()) {
      case OBJECT:
        Map<String, Object> child = new TreeMap<>();
        ((com.typesafe.config.ConfigObject) value)
            .forEach((k, v) -> child.put(k, redactValue(key + "." + k, v)));
        return child;
      case LIST:
        return ((com.typesafe.config.ConfigList) value)
            .stream().map(v -> redactValue(key, v)).toList();
      case STRING:
        return scrub((String) value.unwrapped());
      default:
        return value.unwrapped();
    }
  }

  /** Masks the value part of {@code key=value} overrides whose key names a secret. */
  public static List<String> redactOverrides(Map<String, String> overrides) {
    Map<String, String> shown = new LinkedHashMap<>();
    overrides.forEach((k, v) -> shown.put(k, isSecretKey(k) ? MASK : scrub(v)));
    return shown.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }
}
