package io.mljobs.jobs.stream;

import io.mljobs.common.config.Settings;
import io.mljobs.common.job.JobFlags;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.streaming.Trigger;

/**
 * How a streaming job's queries run, from its {@code trigger} and {@code interval} keys (flags
 * {@code --trigger} and {@code --interval}); the same for {@code ingest-stream} and {@code
 * stream-features}.
 *
 * <pre>
 * trigger = available-now   # or continuous
 * interval = 30s            # time between micro-batch starts in continuous mode
 * </pre>
 *
 * @param mode how the queries run
 * @param interval time between micro-batch starts in {@link Mode#CONTINUOUS} mode
 */
public record StreamTrigger(Mode mode, Duration interval) {
  /** Default of {@code interval}. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

  /** How the streaming queries run. */
  public enum Mode {
    /** Take everything the source holds now, in one or more batches, then stop (for schedules). */
    AVAILABLE_NOW,
    /**
     * Run until stopped, a micro-batch every {@code interval} (Structured Streaming's
     * processing-time trigger; not Spark's experimental continuous-processing trigger).
     */
    CONTINUOUS
  }

  public StreamTrigger {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(interval, "interval");
  }

  /** The trigger of a job's own config section {@code own}; a non-positive interval is refused. */
  public static StreamTrigger from(Settings own) {
    Mode mode = own.choice("trigger", Mode.class, Mode.AVAILABLE_NOW);
    Duration interval = own.positiveDuration("interval", DEFAULT_INTERVAL, "30s");
    return new StreamTrigger(mode, interval);
  }

  /**
   * The {@code --trigger} and {@code --interval} flags of the job {@code job}; {@code taken} says
   * in the help text what an available-now run takes ("what the topics hold now").
   */
  public static List<JobFlags.Flag> flags(String job, String taken) {
    return List.of(
        new JobFlags.Flag(
            "--trigger",
            "trigger",
            "MODE",
            "available-now (default): take "
                + taken
                + ", then exit (for schedules). continuous: run until stopped, one"
                + " micro-batch every --interval (Structured Streaming's processing-time trigger,"
                + " not Spark's experimental continuous processing). Same as --set mljobs.jobs."
                + job
                + ".trigger=MODE."),
        new JobFlags.Flag(
            "--interval",
            "interval",
            "DURATION",
            "Time between micro-batches in continuous mode, e.g. 30s (default 30s)."));
  }

  /** Whether the queries take what the source holds now and stop. */
  public boolean availableNow() {
    return mode == Mode.AVAILABLE_NOW;
  }

  /** Spark's trigger for this mode. */
  public Trigger sparkTrigger() {
    return availableNow() ? Trigger.AvailableNow() : Trigger.ProcessingTime(interval.toMillis());
  }
}
