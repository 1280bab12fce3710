package io.mljobs.common.manifest;

import io.mljobs.common.config.Redactor;
import java.util.ArrayList;
import java.util.List;

/**
 * A failure as stored in the manifest: type, message and stack, with secrets scrubbed.
 *
 * @param type exception class
 * @param message scrubbed message
 * @param stack scrubbed stack trace lines (causes included, bounded)
 */
public record ErrorInfo(String type, String message, List<String> stack) {
  private static final int MAX_LINES = 80;

  public ErrorInfo {
    stack = List.copyOf(stack);
  }

  /** Captures a throwable, scrubbing every line. */
  public static ErrorInfo of(Throwable error) {
    List<String> lines = new ArrayList<>();
    for (Throwable t = error; t != null && lines.size() < MAX_LINES; t = t.getCause()) {
      if (t != error) {
        lines.add("Caused by: " + t.getClass().getName() + ": " + Redactor.scrub(t.getMessage()));
      }
      for (StackTraceElement element : t.getStackTrace()) {
        if (lines.size() >= MAX_LINES) {
          break;
        }
        lines.add("  at " + element);
      }
    }
    return new ErrorInfo(
        error.getClass().getName(), Redactor.scrub(String.valueOf(error.getMessage())), lines);
  }
}
