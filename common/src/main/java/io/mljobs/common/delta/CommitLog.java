package io.mljobs.common.delta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * A Delta table's recent commits, read on the driver from its transaction log as the Delta protocol
 * lays it out: {@code _delta_log/<20-digit version>.json}, one action per line, the {@code
 * commitInfo} action carrying the operation, its metrics and the writer's user metadata.
 *
 * <p>Why not {@code DeltaTable.history(n)}: every call of it is a Spark job (Delta reads the commit
 * files through a Spark action), and the run bookkeeping asks "which version is newest" and "which
 * commit is mine" after every write: on the demo that was 157 of a check-quality run's 556 Spark
 * jobs. Reading one or a few small JSON files through the table's own Hadoop file system answers
 * the same questions without a job. Full-history questions (time travel by timestamp, listings)
 * stay with {@link TableVersions}, which uses Delta's history.
 */
public final class CommitLog {

  private static final Pattern COMMIT_FILE = Pattern.compile("^(\\d{20})\\.json$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path logDir;
  private final Configuration hadoopConf;

  private CommitLog(Path logDir, Configuration hadoopConf) {
    this.logDir = logDir;
    this.hadoopConf = hadoopConf;
  }

  /** The commit log of the table at {@code tablePath}, with the session's file system settings. */
  public static CommitLog of(SparkSession spark, String tablePath) {
    return new CommitLog(new Path(tablePath, "_delta_log"), spark.sessionState().newHadoopConf());
  }

  /** One commit: its version, time, operation, metrics and user metadata (null when none). */
  public record Commit(
      long version,
      Instant timestamp,
      String operation,
      Map<String, String> operationMetrics,
      String userMetadata) {}

  /** The newest committed version; empty when the table has no commit file (not a Delta table). */
  public Optional<Long> latestVersion() {
    long newest = -1;
    try {
      FileSystem fs = logDir.getFileSystem(hadoopConf);
      if (!fs.exists(logDir)) {
        return Optional.empty();
      }
      for (FileStatus file : fs.listStatus(logDir)) {
        Matcher m = COMMIT_FILE.matcher(file.getPath().getName());
        if (m.matches()) {
          newest = Math.max(newest, Long.parseLong(m.group(1)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the Delta log " + logDir + ": " + e, e);
    }
    return newest < 0 ? Optional.empty() : Optional.of(newest);
  }

  /** The commit of {@code version}; empty when its file is gone (log cleanup) or never existed. */
  public Optional<Commit> commit(long version) {
    Path file = new Path(logDir, String.format("%020d.json", version));
    try {
      FileSystem fs = file.getFileSystem(hadoopConf);
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          // commitInfo is one of the first actions; the file can hold thousands of "add" lines.
          if (line.startsWith("{\"commitInfo\"")) {
            return Optional.of(toCommit(version, JSON.readTree(line).get("commitInfo")));
          }
        }
      }
      return Optional.of(new Commit(version, Instant.EPOCH, null, Map.of(), null));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Delta commit " + file + ": " + e, e);
    }
  }

  /**
   * The commits from the newest down to {@code oldest} (inclusive, at least 0), at most {@code
   * limit} of them, newest first; versions whose file is gone are left out.
   */
  public List<Commit> newestFirst(long oldest, int limit) {
    List<Commit> commits = new ArrayList<>();
    Optional<Long> latest = latestVersion();
    if (latest.isEmpty()) {
      return commits;
    }
    long stop = Math.max(Math.max(0, oldest), latest.get() - limit + 1);
    for (long v = latest.get(); v >= stop; v--) {
      commit(v).ifPresent(commits::add);
    }
    return commits;
  }

  private static Commit toCommit(long version, JsonNode info) {
    Map<String, String> metrics = new TreeMap<>();
    JsonNode m = info.path("operationMetrics");
    for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      metrics.put(e.getKey(), e.getValue().asText());
    }
    // In-commit timestamps, when the table has them, are the commit's time by definition.
    long millis =
        info.has("inCommitTimestamp")
            ? info.get("inCommitTimestamp").asLong()
            : info.path("timestamp").asLong();
    JsonNode metadata = info.get("userMetadata");
    return new Commit(
        version,
        Instant.ofEpochMilli(millis),
        info.path("operation").asText(null),
        Map.copyOf(metrics),
        metadata == null || metadata.isNull() ? null : metadata.asText());
  }
}
