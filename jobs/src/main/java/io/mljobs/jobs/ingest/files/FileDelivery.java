package io.mljobs.jobs.ingest.files;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.table.TableRef;
import java.time.Duration;
import java.util.List;

/**
 * How a file source's deliveries are picked up: which files are ready, what happens to a file that
 * changes after it was loaded, when a file is too broken to load, and where the processed-files log
 * lives. Each key is read from the source ({@code mljobs.sources.<name>.<key>}), else from the
 * job's section ({@code mljobs.jobs.ingest-files.<key>}, defaults in {@code reference.conf}).
 *
 * @param settleTime a file modified less than this long ago is still being written: skipped (not
 *     marked processed) until a later run
 * @param doneMarker empty for none; a name such as {@code _SUCCESS} (a file is ready once its
 *     folder holds that file), or a suffix starting with '.' such as {@code .done} (a file {@code
 *     x.csv} is ready once {@code x.csv.done} exists)
 * @param onChangedFile what a file that was loaded and has changed since (size or modification
 *     time) does
 * @param reprocess file names (relative to the source path) to load again this run, replacing the
 *     rows their earlier delivery loaded
 * @param maxMalformedFraction a file with a larger share of malformed rows fails the run
 * @param onHeaderMismatch what a CSV file whose header does not fit the schema does
 * @param logTable the processed-files log of this source
 */
public record FileDelivery(
    Duration settleTime,
    String doneMarker,
    OnChangedFile onChangedFile,
    List<String> reprocess,
    double maxMalformedFraction,
    OnHeaderMismatch onHeaderMismatch,
    TableRef logTable) {

  /** What a loaded file that changed since does. */
  public enum OnChangedFile {
    /** Load it again, replacing the rows of its earlier delivery in bronze and quarantine. */
    REPROCESS,
    /** Leave it out and say so in the run's output and manifest (every run, until resolved). */
    WARN,
    /** Fail the run naming the file. */
    FAIL
  }

  /** What a CSV file whose header lacks a required column or names unknown ones does. */
  public enum OnHeaderMismatch {
    /** Every line of the file goes to quarantine with the header named; the run goes on. */
    QUARANTINE,
    /** The run fails naming the file and its header. */
    FAIL
  }

  public FileDelivery {
    reprocess = List.copyOf(reprocess);
  }

  /** True when ready files are marked by a sidecar ({@code x.csv.done}), not a folder marker. */
  public boolean sidecarMarker() {
    return doneMarker.startsWith(".");
  }

  /**
   * Reads a source's delivery keys, falling back to {@code defaults} (the job's section).
   *
   * @param name the source name (the log table's default name)
   */
  static FileDelivery from(String name, Settings source, Settings defaults) {
    Duration settle =
        source.duration("settle-time", defaults.duration("settle-time", Duration.ZERO));
    if (settle.isNegative()) {
      throw new ConfigError(
          source.fullKey("settle-time"),
          "Config key '" + source.fullKey("settle-time") + "' must not be negative.");
    }
    String marker = source.string("done-marker", defaults.string("done-marker", "")).trim();
    if (marker.equalsIgnoreCase("none")) {
      marker = "";
    }
    if (marker.contains("/") || marker.equals(".")) {
      throw new ConfigError(
          source.fullKey("done-marker"),
          "Config key '"
              + source.fullKey("done-marker")
              + "' must be a file name such as _SUCCESS, a suffix such as .done, or none; but is '"
              + marker
              + "'.");
    }
    double maxMalformed =
        source.number("max-malformed-fraction", defaults.number("max-malformed-fraction", 0.5));
    if (maxMalformed < 0 || maxMalformed > 1) {
      throw new ConfigError(
          source.fullKey("max-malformed-fraction"),
          "Config key '"
              + source.fullKey("max-malformed-fraction")
              + "' must be a share between 0 and 1 (1 = never fail), but is "
              + maxMalformed
              + ".");
    }
    return new FileDelivery(
        settle,
        marker,
        source.choice(
            "on-changed-file",
            OnChangedFile.class,
            defaults.choice("on-changed-file", OnChangedFile.class, OnChangedFile.WARN)),
        source.strings("reprocess", List.of()),
        maxMalformed,
        source.choice(
            "on-header-mismatch",
            OnHeaderMismatch.class,
            defaults.choice(
                "on-header-mismatch", OnHeaderMismatch.class, OnHeaderMismatch.QUARANTINE)),
        TableRef.parse(
            source.string("log-table", "ingest_log." + name), source.fullKey("log-table")));
  }
}
