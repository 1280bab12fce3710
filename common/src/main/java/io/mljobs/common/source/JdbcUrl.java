package io.mljobs.common.source;

import io.mljobs.common.config.ConfigError;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A JDBC URL that carries no credentials, and the facts about it that messages and connections
 * need: the database product ({@code PostgreSQL}), the endpoint ({@code 127.0.0.1:55432}) and the
 * driver's timeout properties.
 *
 * @param url the URL as configured, e.g. {@code jdbc:postgresql://127.0.0.1:55432/mljobs}
 */
public record JdbcUrl(String url) {
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)[?&;:](password|pwd|passwd)\\s*=");
  private static final Pattern USERINFO_PASSWORD = Pattern.compile("//[^/@?;]*:[^/@?;]*@");
  private static final Map<String, String> PRODUCTS =
      Map.of(
          "postgresql", "PostgreSQL",
          "mysql", "MySQL",
          "mariadb", "MariaDB",
          "sqlserver", "SQL Server",
          "oracle", "Oracle",
          "db2", "Db2",
          "snowflake", "Snowflake",
          "h2", "H2");
  private static final Map<String, Integer> DEFAULT_PORTS =
      Map.of("postgresql", 5432, "mysql", 3306, "mariadb", 3306, "sqlserver", 1433);

  /**
   * Validates {@code url} read from config key {@code key}: it must start with {@code jdbc:} and
   * must not hold a password (credentials come from {@code password} or {@code password-file}).
   */
  public static JdbcUrl parse(String url, String key) {
    String trimmed = url.trim();
    if (!trimmed.startsWith("jdbc:") || trimmed.indexOf(':', 5) < 0) {
      throw new ConfigError(
          key,
          "Config key '"
              + key
              + "' must be a JDBC URL such as jdbc:postgresql://host:5432/db, but does not start"
              + " with jdbc:<driver>:.");
    }
    if (PASSWORD_PARAMETER.matcher(trimmed).find() || USERINFO_PASSWORD.matcher(trimmed).find()) {
      // Never echo the URL here: it holds the secret.
      throw new ConfigError(
          key,
          "Config key '"
              + key
              + "' holds a password. Keep credentials out of the URL: set user, and password ="
              + " ${?YOUR_ENV_VAR} or password-file = /path/to/secret next to it.");
    }
    return new JdbcUrl(trimmed);
  }

  /** The driver's name in the URL: {@code postgresql} for {@code jdbc:postgresql://...}. */
  public String subprotocol() {
    return url.substring(5, url.indexOf(':', 5)).toLowerCase(Locale.ROOT);
  }

  /** The database product for messages: {@code PostgreSQL}, or the subprotocol when unknown. */
  public String product() {
    return PRODUCTS.getOrDefault(subprotocol(), subprotocol());
  }

  /**
   * Host and port ({@code 127.0.0.1:55432}), with the product's default port when the URL names
   * none; the URL itself when it has no recognisable host.
   */
  public String endpoint() {
    String rest = url.substring(url.indexOf(':', 5) + 1);
    String authority;
    if (rest.startsWith("//")) {
      authority = cut(rest.substring(2), "/?;");
    } else if (rest.contains("@")) {
      authority = cut(rest.substring(rest.indexOf('@') + 1), "/?;");
    } else if (DEFAULT_PORTS.containsKey(subprotocol())) {
      authority = "localhost";
    } else {
      return url;
    }
    authority = authority.substring(authority.indexOf('@') + 1);
    Integer port = DEFAULT_PORTS.get(subprotocol());
    boolean hasPort = authority.lastIndexOf(':') > authority.lastIndexOf(']');
    return hasPort || port == null || authority.contains(",") ? authority : authority + ":" + port;
  }

  /** True when the endpoint is on this machine (a local service the project's scripts start). */
  public boolean isLocal() {
    String host = endpoint();
    return host.startsWith("127.") || host.startsWith("localhost") || host.startsWith("[::1]");
  }

  /**
   * The connection properties that bound the time to connect and log in, for the drivers whose
   * property names are known (PostgreSQL and SQL Server take seconds, MySQL and MariaDB
   * milliseconds). Others get none: set their own in the source's {@code properties}.
   */
  public Map<String, String> timeoutProperties(Duration timeout) {
    long seconds = Math.max(1, timeout.toSeconds());
    Map<String, String> properties = new LinkedHashMap<>();
    switch (subprotocol()) {
      case "postgresql" -> {
        properties.put("connectTimeout", Long.toString(seconds));
        properties.put("loginTimeout", Long.toString(seconds));
      }
      case "mysql", "mariadb" -> properties.put("connectTimeout", Long.toString(seconds * 1000));
      case "sqlserver" -> properties.put("loginTimeout", Long.toString(seconds));
      default -> {
        // unknown driver: no guess at property names
      }
    }
    return properties;
  }

  @Override
  public String toString() {
    return url;
  }

  private static String cut(String text, String stops) {
    for (int i = 0; i < text.length(); i++) {
      if (stops.indexOf(text.charAt(i)) >= 0) {
        return text.substring(0, i);
      }
    }
    return text;
  }
}
