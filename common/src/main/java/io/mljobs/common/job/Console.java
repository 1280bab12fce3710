package io.mljobs.common.job;

import java.io.PrintStream;

/**
 * Where a job prints what its user reads while it runs (per-dataset reports, report paths, the
 * lines a crash test waits for). Jobs print through {@link JobContext#console()}, never {@code
 * System.out}, so a test or an embedding application decides where the text goes.
 */
@FunctionalInterface
public interface Console {

  /** Prints {@code text} as is (no line break added) and flushes. */
  void print(String text);

  /** Prints {@code line} and a line break. */
  default void println(String line) {
    print(line + System.lineSeparator());
  }

  /** The process's standard output, looked up at each print (so a redirected System.out counts). */
  static Console stdout() {
    return text -> of(System.out).print(text);
  }

  /** A console writing to {@code out}, flushed after each print. */
  static Console of(PrintStream out) {
    return text -> {
      out.print(text);
      out.flush();
    };
  }
}
