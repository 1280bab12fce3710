package io.mljobs.common.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.config.ConfigError;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcUrlTest {
  private static JdbcUrl url(String url) {
    return JdbcUrl.parse(url, "k");
  }

  @Test
  void productAndEndpoint() {
    JdbcUrl pg = url("jdbc:postgresql://127.0.0.1:55432/mljobs?sslmode=disable");
    assertEquals("postgresql", pg.subprotocol());
    assertEquals("PostgreSQL", pg.product());
    assertEquals("127.0.0.1:55432", pg.endpoint());
    assertTrue(pg.isLocal());

    assertEquals("db.example.com:5432", url("jdbc:postgresql://db.example.com/app").endpoint());
    assertEquals("localhost:5432", url("jdbc:postgresql:app").endpoint());
    assertEquals("[::1]:5433", url("jdbc:postgresql://[::1]:5433/app").endpoint());
    assertEquals("h1:5432,h2:5432", url("jdbc:postgresql://h1:5432,h2:5432/app").endpoint());
    assertEquals("sql:1433", url("jdbc:sqlserver://sql;databaseName=x").endpoint());
    assertEquals("SQL Server", url("jdbc:sqlserver://sql;databaseName=x").product());
    assertEquals("ora:1521", url("jdbc:oracle:thin:@ora:1521/svc").endpoint());
    assertEquals("mysql:3306", url("jdbc:mysql://mysql/app").endpoint());
    assertFalse(url("jdbc:mysql://mysql/app").isLocal());
    assertEquals("jdbc:h2:mem:test", url("jdbc:h2:mem:test").endpoint());
  }

  @Test
  void timeoutPropertiesUseEachDriversNamesAndUnits() {
    Duration timeout = Duration.ofSeconds(7);
    assertEquals(
        Map.of("connectTimeout", "7", "loginTimeout", "7"),
        url("jdbc:postgresql://h/db").timeoutProperties(timeout));
    assertEquals(
        Map.of("connectTimeout", "7000"), url("jdbc:mysql://h/db").timeoutProperties(timeout));
    assertEquals(Map.of(), url("jdbc:h2:mem:x").timeoutProperties(timeout));
  }

  @Test
  void notAJdbcUrl() {
    ConfigError e = assertThrows(ConfigError.class, () -> url("postgresql://h/db"));
    assertEquals("k", e.key());
    assertTrue(e.getMessage().contains("must be a JDBC URL"), e.getMessage());
  }

  @Test
  void passwordsInTheUrlAreRejectedWithoutEchoingThem() {
    for (String bad :
        new String[] {
          "jdbc:postgresql://h/db?user=u&password=s3cret",
          "jdbc:postgresql://h/db?PASSWORD=s3cret",
          "jdbc:sqlserver://h;user=u;password=s3cret",
          "jdbc:mysql://u:s3cret@h/db"
        }) {
      ConfigError e = assertThrows(ConfigError.class, () -> url(bad), bad);
      assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }
  }
}
