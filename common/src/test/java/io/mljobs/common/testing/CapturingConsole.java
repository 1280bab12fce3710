package io.mljobs.common.testing;

import io.mljobs.common.job.Console;
import java.util.List;

/** A {@link Console} that keeps what a job printed, for assertions. Thread-safe. */
public final class CapturingConsole implements Console {
  private final StringBuilder text = new StringBuilder();

  @Override
  public synchronized void print(String printed) {
    text.append(printed);
  }

  /** Everything printed so far. */
  public synchronized String text() {
    return text.toString();
  }

  /** What was printed, line by line. */
  public List<String> lines() {
    return text().lines().toList();
  }
}
