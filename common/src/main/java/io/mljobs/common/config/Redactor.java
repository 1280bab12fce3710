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
 * messages. Secrets are masked where they are known to be, never by searching for short values:
 *
 * <ul>
 *   <li>by key: a key that names a credential ({@code password}, {@code secret}, {@code token},
 *       {@code sasl.jaas.config}, {@code access.key}, ...) is masked wherever config is rendered;
 *   <li>by place: the value of a credential assignment in free text ({@code password=...}, {@code
 *       password="..."} in a JAAS config, {@code pwd: ...} in a driver's message) and the password
 *       of a URL's user info ({@code scheme://user:password@host});
 *   <li>by value: a secret read through {@link Secret} of at least {@value #MIN_SCRUB_LENGTH}
 *       characters is masked wherever it appears. Shorter values are not searched for: they match
 *       ordinary words, and the mask around them gives the secret away ({@code snow} would turn
 *       {@code publish-snowflake} into {@code publish-******flake}). Outside local environments
 *       {@link Settings} refuses secrets that short ({@code mljobs.secrets.min-length}).
 * </ul>
 */
public final class Redactor {
  /** What a redacted value looks like. */
  public static final String MASK = "******";

  /** Secrets at least this long are also masked by value, wherever they appear in text. */
  public static final int MIN_SCRUB_LENGTH = 8;

  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "(?i).*(password|passwd|secret|token|private-key|private_key|passphrase|credential|api-key"
              + "|access-key|sas)$");

  /** {@code <credential>.key} as in {@code fs.s3a.secret.key} or {@code ssl.keystore.key}. */
  private static final Pattern SECRET_KEY_PAIR =
      Pattern.compile(
          "(?i)(private|access|secret|api|signing|encryption|account|keystore|master|client)"
              + "[._-]?key");

  /** Words that name a credential in free text, before {@code =} or {@code :}. */
  private static final String CREDENTIAL_WORD =
      "(?:[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|passphrase|jaas\\.config)"
          + "|(?:private|access|secret|api)[_.-]?key)";

  /**
   * {@code password=x}, {@code password = "x"}, {@code pwd: 'x'} (URLs, properties, JAAS); not a
   * {@code ${ENV}} reference, which is advice in a message rather than a secret.
   */
  private static final Pattern CREDENTIAL_ASSIGNMENT =
      Pattern.compile(
          "(?i)(\\b"
              + CREDENTIAL_WORD
              + "\\\\?[\"']?\\s*[=:]\\s*)(?!\\$\\{)(\\\\?\"[^\"]*?\\\\?\"|'[^']*'|[^\\s&;,\"'\\\\)}]+)");

  private static final Pattern URL_USERINFO = Pattern.compile("(://[^/:@\\s]+:)[^@/\\s]+@");
  private static final Set<String> SECRET_VALUES = ConcurrentHashMap.newKeySet();

  private Redactor() {}

  /**
   * True when a key names a credential (and is not a {@code -file} pointer): its last segment ends
   * with a credential word ({@code password}, {@code db-password}, {@code api-key}, ...), or it
   * ends with {@code jaas.config} or a credential's {@code .key} ({@code fs.s3a.secret.key}).
   * Quotes of quoted segments ({@code options."kafka.sasl.jaas.config"}) are ignored.
   */
  public static boolean isSecretKey(String key) {
    String plain = key.replace("\"", "");
    String last = plain.substring(plain.lastIndexOf('.') + 1);
    if (last.endsWith("-file")) {
      return false;
    }
    if (SECRET_KEY.matcher(last).matches()) {
      return true;
    }
    String lower = plain.toLowerCase(java.util.Locale.ROOT);
    if (lower.endsWith("jaas.config")) {
      return true;
    }
    int previous = plain.lastIndexOf('.', plain.length() - last.length() - 2);
    String lastTwo = plain.substring(previous + 1);
    return last.equalsIgnoreCase("key") && SECRET_KEY_PAIR.matcher(lastTwo).matches()
        || SECRET_KEY_PAIR.matcher(last).matches();
  }

  /**
   * True when a value carries a credential itself: a credential assignment ({@code password="..."}
   * in a JAAS config, {@code ?password=} in a URL) or a URL with a password.
   */
  public static boolean carriesCredential(String value) {
    return value != null
        && (CREDENTIAL_ASSIGNMENT.matcher(value).find() || URL_USERINFO.matcher(value).find());
  }

  static void registerSecretValue(String value) {
    // Short values would mask parts of ordinary words and so give themselves away.
    if (value != null && value.length() >= MIN_SCRUB_LENGTH) {
      SECRET_VALUES.add(value);
    }
  }

  /**
   * Masks secrets in free text: known secret values (of at least {@value #MIN_SCRUB_LENGTH}
   * characters), credential assignments and URL passwords. Other text is left as it is.
   */
  public static String scrub(String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (String secret : SECRET_VALUES) {
      result = result.replace(secret, MASK);
    }
    result = CREDENTIAL_ASSIGNMENT.matcher(result).replaceAll(m -> maskAssignment(m));
    return URL_USERINFO.matcher(result).replaceAll("$1" + MASK + "@");
  }

  /** Keeps the name, the separator and the value's quotes; masks the value. */
  private static String maskAssignment(java.util.regex.MatchResult m) {
    String value = m.group(2);
    if (value.equals(MASK) || value.equals("\"" + MASK + "\"") || value.equals("'" + MASK + "'")) {
      return java.util.regex.Matcher.quoteReplacement(m.group());
    }
    // Keep the value's quotes, escaped ones too (a JAAS line inside a --set map: \"...\").
    String quote = value.startsWith("\\\"") ? "\\\"" : value.substring(0, 1);
    String masked =
        quote.equals("\"") || quote.equals("'") || quote.equals("\\\"")
            ? quote + MASK + quote
            : MASK;
    return java.util.regex.Matcher.quoteReplacement(m.group(1) + masked);
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
