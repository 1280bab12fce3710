package io.mljobs.common.error;

/**
 * A runtime fault the user can act on (source unreachable, path missing, credentials refused). Its
 * message is printed as the one-line error and must say what to do; exit code 1.
 */
public class JobFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobFailure(String message) {
    super(message);
  }

  public JobFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
