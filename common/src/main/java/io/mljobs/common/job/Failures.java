package io.mljobs.common.job;

import io.mljobs.common.config.Redactor;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What an error message shows of a failure: the innermost cause, which says what is wrong. */
public final class Failures {
  private Failures() {}

  /** The innermost cause (cycle-safe). */
  public static Throwable rootCause(Throwable e) {
    Throwable root = e;
    List<Throwable> seen = new ArrayList<>();
    while (root.getCause() != null && !seen.contains(root.getCause())) {
      seen.add(root);
      root = root.getCause();
    }
    return root;
  }

  /** The first line of the innermost cause's message (its class name if it has none), scrubbed. */
  public static String rootMessage(Throwable e) {
    Throwable root = rootCause(e);
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return Redactor.scrub(message.lines().findFirst().orElse(""));
  }

  /**
   * Why a server could not be reached, from the network exception in {@code error}'s cause chain
   * ("connection refused", "unknown host", "no route to host", "no answer within 10s"), or null
   * when the chain has none (the server answered, or a driver wrapped the cause in text only).
   */
  public static String networkReason(Throwable error, Duration connectTimeout) {
    List<Throwable> seen = new ArrayList<>();
    for (Throwable t = error; t != null && !seen.contains(t); t = t.getCause()) {
      seen.add(t);
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t instanceof UnknownHostException) {
        return "unknown host";
      }
      if (t instanceof NoRouteToHostException) {
        return "no route to host";
      }
      if (t instanceof SocketTimeoutException) {
        return "no answer within " + connectTimeout.toSeconds() + "s";
      }
    }
    return null;
  }

  /**
   * The innermost cause of {@code type} in {@code error}'s cause chain (itself included), or null.
   */
  public static <T extends Throwable> T innermost(Throwable error, Class<T> type) {
    T found = null;
    List<Throwable> seen = new ArrayList<>();
    for (Throwable t = error; t != null && !seen.contains(t); t = t.getCause()) {
      seen.add(t);
      if (type.isInstance(t)) {
        found = type.cast(t);
      }
    }
    return found;
  }
}
