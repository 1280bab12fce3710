package io.mljobs.common.error;

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

  /**
   * What a one-line error says of {@code e}, scrubbed: the message of a {@link JobFailure} in its
   * cause chain (written for the user), else the first line of the innermost cause's message (its
   * class name if it has none), prefixed by the file Spark was reading when the chain names one
   * ({@code file:/in/day-2.csv.gz: Unexpected end of ZLIB input stream}).
   */
  public static String rootMessage(Throwable e) {
    JobFailure told = outermost(e, JobFailure.class);
    if (told != null) {
      return Redactor.scrub(firstLine(told.getMessage()));
    }
    Throwable root = rootCause(e);
    String message = firstLine(root.getMessage());
    if (message.isEmpty()) {
      message = root.getClass().getSimpleName();
    }
    String file = culpritFile(e);
    if (file != null && !message.contains(file)) {
      message = file + ": " + message;
    }
    return Redactor.scrub(message);
  }

  /**
   * {@link #rootMessage(Throwable)}, naming the compressed file under {@code inputs} (a file,
   * folder or glob) that a read failed on when Spark's error does not name it (a truncated or
   * corrupt gzip fails as "Unexpected end of input stream"): {@code file:/in/day-2.csv.gz:
   * Unexpected end of input stream}.
   */
  public static String rootMessage(
      Throwable e, org.apache.hadoop.conf.Configuration hadoop, String inputs) {
    String message = rootMessage(e);
    if (culpritFile(e) != null
        || outermost(e, JobFailure.class) != null
        || !looksLikeBrokenCompression(rootCause(e))) {
      return message;
    }
    String file = BrokenCompressedFiles.find(hadoop, inputs);
    return file == null ? message : Redactor.scrub(file) + ": " + message;
  }

  private static boolean looksLikeBrokenCompression(Throwable root) {
    String message = String.valueOf(root.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return root instanceof java.io.EOFException
        || root instanceof java.util.zip.ZipException
        || message.contains("end of input stream")
        || message.contains("not in gzip format")
        || message.contains("incorrect header check")
        || message.contains("invalid stored block")
        || message.contains("invalid distance")
        || message.contains("invalid block type");
  }

  /** The first line of {@code text} ("" for null). */
  public static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }

  // Spark 3.5 ("Encountered error while reading file <path>. Details:"), Spark 4 ("Error while
  // reading file <path>."), and the Parquet/ORC footer message.
  private static final java.util.regex.Pattern READING_FILE =
      java.util.regex.Pattern.compile(
          "(?:[Ee]rror while reading file|Could not read footer for file:) (.+?)\\.(?: Details:|\\s|$)");

  /**
   * The file Spark names in {@code error}'s cause chain as the one it failed to read (a task's
   * failure carries it, the innermost cause does not), or null.
   */
  public static String culpritFile(Throwable error) {
    List<Throwable> seen = new ArrayList<>();
    for (Throwable t = error; t != null && !seen.contains(t); t = t.getCause()) {
      seen.add(t);
      if (t.getMessage() != null) {
        java.util.regex.Matcher m = READING_FILE.matcher(t.getMessage());
        if (m.find()) {
          return java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);
        }
      }
    }
    return null;
  }

  /**
   * {@code advice} for a failure while reading input, or "" when {@code error} already says what to
   * do itself (a {@link JobFailure} in its chain, such as a write that lost to another run) or is
   * not about the input (another run using the same streaming checkpoint).
   */
  public static String adviceFor(Throwable error, String advice) {
    if (outermost(error, JobFailure.class) != null) {
      return "";
    }
    List<Throwable> seen = new ArrayList<>();
    for (Throwable t = error; t != null && !seen.contains(t); t = t.getCause()) {
      seen.add(t);
      String message = String.valueOf(t.getMessage());
      if (message.contains("CONCURRENT_STREAM_LOG_UPDATE")
          || message.contains("Multiple streaming jobs detected")
          || message.contains("Multiple streaming queries are concurrently using")) {
        return ". Another run is loading the same source (same checkpoint); re-run when it has"
            + " finished: nothing is loaded twice.";
      }
    }
    return advice;
  }

  /** The outermost throwable of {@code type} in {@code error}'s cause chain (itself included). */
  public static <T extends Throwable> T outermost(Throwable error, Class<T> type) {
    List<Throwable> seen = new ArrayList<>();
    for (Throwable t = error; t != null && !seen.contains(t); t = t.getCause()) {
      seen.add(t);
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
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
