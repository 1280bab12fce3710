package io.mljobs.jobs.publish;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Secret;
import io.mljobs.common.config.Settings;
import io.mljobs.common.source.JdbcUrl;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * How to reach Snowflake: {@code mljobs.jobs.publish-snowflake.connection}.
 *
 * <pre>{@code
 * connection {
 *   url = ${?MLJOBS_SNOWFLAKE_URL}      # jdbc:snowflake://<account>.snowflakecomputing.com/ ; no credentials
 *   user = ${?MLJOBS_SNOWFLAKE_USER}
 *   password = ${?MLJOBS_SNOWFLAKE_PASSWORD}   # or password-file, or private-key(-file) for key-pair
 *   database = MLJOBS
 *   schema = PUBLIC
 *   warehouse = null, role = null
 *   connect-timeout = 30s, max-http-retries = 7
 *   properties {}                       # extra driver properties, as given
 * }
 * }</pre>
 *
 * <p>Credentials come only from the environment or a secret file (see {@link Settings#secret}):
 * either a password or an unencrypted PKCS#8 private key in PEM form (key-pair authentication).
 *
 * @param url the JDBC URL, without credentials
 * @param user the login name
 * @param password the password, if password authentication
 * @param privateKeyPem the PEM private key, if key-pair authentication
 * @param credentialSource where the credential is read from, for messages (never the value)
 * @param database the database of the target tables (and of the publish log)
 * @param schema the default schema
 * @param warehouse the virtual warehouse, if set
 * @param role the role, if set
 * @param connectTimeout bound on login (the driver's loginTimeout)
 * @param maxHttpRetries the driver's retries of a failed HTTP request
 * @param properties extra driver properties
 */
public record SnowflakeConnectionSpec(
    JdbcUrl url,
    String user,
    Optional<Secret> password,
    Optional<Secret> privateKeyPem,
    String credentialSource,
    SnowflakeIdentifier database,
    SnowflakeIdentifier schema,
    Optional<String> warehouse,
    Optional<String> role,
    Duration connectTimeout,
    int maxHttpRetries,
    Map<String, String> properties) {

  /** Reads and validates the {@code connection} section. */
  public static SnowflakeConnectionSpec from(Settings s) {
    JdbcUrl url = JdbcUrl.parse(s.string("url"), s.fullKey("url"));
    if (!url.subprotocol().equals("snowflake")) {
      throw new ConfigError(
          s.fullKey("url"),
          "Config key '"
              + s.fullKey("url")
              + "' must be a Snowflake JDBC URL (jdbc:snowflake://<account>.snowflakecomputing.com/),"
              + " but names '"
              + url.subprotocol()
              + "'.");
    }
    Optional<Secret> password = s.optionalSecret("password");
    Optional<Secret> key = s.optionalSecret("private-key");
    if (password.isPresent() == key.isPresent()) {
      throw new ConfigError(
          s.fullKey("password"),
          "Set exactly one credential for Snowflake: '"
              + s.fullKey("password")
              + "' (or password-file) for a password, or '"
              + s.fullKey("private-key-file")
              + "' for key-pair authentication"
              + (password.isPresent() ? " (both are set)." : " (neither is set)."));
    }
    String source =
        password.isPresent() ? s.secretSource("password") : s.secretSource("private-key");
    // A broken key fails now, as config, rather than later as a refused login.
    key.ifPresent(k -> base64Der(k, s.fullKey("private-key-file")));
    return new SnowflakeConnectionSpec(
        url,
        s.string("user"),
        password,
        key,
        source,
        SnowflakeIdentifier.parse(s.string("database"), s.fullKey("database")),
        SnowflakeIdentifier.parse(s.string("schema", "PUBLIC"), s.fullKey("schema")),
        s.optionalString("warehouse").map(w -> identifierText(w, s.fullKey("warehouse"))),
        s.optionalString("role").map(r -> identifierText(r, s.fullKey("role"))),
        s.duration("connect-timeout", Duration.ofSeconds(30)),
        s.integer("max-http-retries", 7, 0),
        s.stringMap("properties"));
  }

  private static String identifierText(String text, String key) {
    return SnowflakeIdentifier.parse(text, key).name();
  }

  /**
   * The driver properties, credentials included: hand them to the driver only, never print them.
   */
  public Properties driverProperties() {
    Properties p = new Properties();
    properties.forEach(p::setProperty);
    driverOptions().forEach(p::setProperty);
    return p;
  }

  /**
   * The same as {@link #driverProperties()} as a map of strings, for Spark's JDBC writer (which
   * passes its options on to the driver). Holds the credential.
   */
  public Map<String, String> driverOptions() {
    Map<String, String> o = new LinkedHashMap<>(properties);
    o.put("user", user);
    password.ifPresent(p -> o.put("password", p.reveal()));
    privateKeyPem.ifPresent(k -> o.put("private_key_base64", base64Der(k)));
    o.put("db", database.name());
    o.put("schema", schema.name());
    warehouse.ifPresent(w -> o.put("warehouse", w));
    role.ifPresent(r -> o.put("role", r));
    o.put("loginTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
    o.put("maxHttpRetries", Integer.toString(maxHttpRetries));
    // Telemetry posts to the server on close; there is nothing to post it to locally.
    o.putIfAbsent("CLIENT_TELEMETRY_ENABLED", "false");
    return o;
  }

  /** Opens a connection (bounded by {@code connect-timeout}). */
  public Connection open() throws SQLException {
    return DriverManager.getConnection(url.url(), driverProperties());
  }

  /** The base64 DER body of a PEM key: what the driver's private_key_base64 takes. */
  static String base64Der(Secret pem) {
    return base64Der(pem, "private-key-file");
  }

  private static String base64Der(Secret pem, String key) {
    String body =
        pem.reveal()
            .replaceAll("-----(BEGIN|END) [A-Z ]*PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    try {
      Base64.getDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new ConfigError(
          key,
          "The Snowflake private key ("
              + key
              + ") is not a PEM-encoded PKCS#8 key. Export it with 'openssl pkcs8 -topk8 -nocrypt'"
              + " and point "
              + key
              + " at it.");
    }
    return body;
  }
}
