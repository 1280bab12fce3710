package io.mljobs.jobs.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SnowflakeErrorsTest {
  final SnowflakeConnectionSpec spec =
      PublishSnowflakeConfigTest.parse("p { source = \"silver.s\", target = T }").connection();

  @Test
  void aRefusedPasswordNamesWhereItComesFromNotTheValue() {
    SQLException refused =
        new SQLException(
            "Incorrect username or password was specified.",
            "08001",
            SnowflakeErrors.BAD_CREDENTIALS);
    String message = SnowflakeErrors.message(spec, "logging in", refused);
    assertEquals(
        "Snowflake at xy12345.eu-west-1.snowflakecomputing.com refused the credentials of user"
            + " 'loader'. Check the credential in 'mljobs.jobs.publish-snowflake.connection.password'"
            + " and the user in mljobs.jobs.publish-snowflake.connection.user.",
        message);
    assertFalse(message.contains(PublishSnowflakeConfigTest.SECRET));
  }

  @Test
  void secretsInDriverMessagesAreScrubbed() {
    SQLException leaky =
        new SQLException(
            "odd failure for password " + PublishSnowflakeConfigTest.SECRET, "XX000", 1);
    String message = SnowflakeErrors.failure(spec, "applying", leaky).getMessage();
    assertFalse(message.contains(PublishSnowflakeConfigTest.SECRET), message);
    assertTrue(message.contains("failed while applying"), message);
  }

  @Test
  void anUnreachableServerSaysSo() {
    SQLException down =
        new SQLException(
            "communication error", "08001", 0, new ConnectException("Connection refused"));
    assertTrue(
        SnowflakeErrors.message(spec, "logging in", down)
            .startsWith(
                "Cannot reach Snowflake at xy12345.eu-west-1.snowflakecomputing.com (connection refused). Check the account URL"));
  }
}
