package io.mljobs.common.job;

import io.mljobs.common.config.Redactor;
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
}
