package io.mljobs.jobs.stream;

import io.mljobs.common.job.JobContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;

/**
 * Runs one streaming query per spec the way a {@link StreamTrigger} says, for {@code ingest-stream}
 * and {@code stream-features}: available-now queries one after another, each awaited to its end;
 * continuous queries all at once until one ends. Every started query is recorded (its manifest
 * input and metrics) however the run ends; batches committed before a failure stay committed, and
 * the next run goes on from the checkpoints.
 */
public final class StreamQueries {
  private StreamQueries() {}

  /** A started query, with what the job keeps of it (its tally, checkpoint...). */
  public interface Started {
    /** The Spark query. */
    StreamingQuery query();
  }

  /**
   * What a job does with its queries.
   *
   * @param start starts the query of a spec; fails with a message naming the spec
   * @param stage the stage name the run's timings give an available-now query of a spec
   * @param failed the failure that ends the run when a query failed with the given cause
   * @param record records what a query did (called once per started query, when it has ended)
   * @param <S> a spec (a source, a feature set)
   * @param <R> a started query with what the job keeps of it
   */
  public record Handler<S, R extends Started>(
      Function<S, R> start,
      Function<S, String> stage,
      BiFunction<R, StreamingQueryException, RuntimeException> failed,
      Consumer<R> record) {}

  /** Runs the query of every spec; returns them in the order of {@code specs}. */
  public static <S, R extends Started> List<R> run(
      JobContext<?> context, StreamTrigger trigger, List<S> specs, Handler<S, R> handler) {
    List<R> all = new ArrayList<>();
    if (trigger.availableNow()) {
      for (S spec : specs) {
        R running = handler.start().apply(spec);
        all.add(running);
        context.timed(handler.stage().apply(spec), () -> await(handler, running));
      }
      return all;
    }
    // awaitAnyTermination returns at once for queries that ended earlier in this session.
    context.spark().streams().resetTerminated();
    try {
      for (S spec : specs) {
        all.add(
            handler.start().apply(spec)); // one that does not start stops those started before it
      }
      context.spark().streams().awaitAnyTermination();
    } catch (StreamingQueryException e) {
      R failed =
          all.stream()
              .filter(r -> r.query().exception().isDefined())
              .findFirst()
              .orElse(all.get(0));
      throw handler.failed().apply(failed, e);
    } finally {
      stopAll(handler, all);
    }
    return all;
  }

  private static <S, R extends Started> R await(Handler<S, R> handler, R running) {
    try {
      running.query().awaitTermination();
    } catch (StreamingQueryException e) {
      throw handler.failed().apply(running, e);
    } finally {
      handler.record().accept(running);
    }
    return running;
  }

  private static <S, R extends Started> void stopAll(Handler<S, R> handler, List<R> all) {
    for (R running : all) {
      try {
        running.query().stop();
      } catch (TimeoutException e) {
        // The query did not stop in time; its checkpoint still makes the next run safe.
      } finally {
        handler.record().accept(running);
      }
    }
  }
}
