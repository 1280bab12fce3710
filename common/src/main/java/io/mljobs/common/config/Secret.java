package io.mljobs.common.config;

import java.util.Objects;

/**
 * A credential read from the environment or a secret file. Its {@link #toString()} never shows the
 * value; {@link #reveal()} is for the one place that hands it to a driver.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** Wraps a value and registers it with {@link Redactor} so it is scrubbed from messages. */
  public static Secret of(String value) {
    Redactor.registerSecretValue(value);
    return new Secret(value);
  }

  /** The plain value; pass it straight to the client that needs it, never to a log. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return Redactor.MASK;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other && other.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
