package io.mljobs.common.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a job's independent units of work (one per source, one per dataset) on a few driver threads
 * at once, so that one unit's driver-side work (streaming query start, Delta log reads and commits)
 * overlaps another's Spark jobs. Spark schedules the jobs of concurrent threads on the same
 * executors; the threads inherit the caller's Spark local properties (job description).
 */
public final class ParallelTasks {
  private ParallelTasks() {}

  /** What one unit of work ended with: its value, or the exception it threw. */
  public record Outcome<T>(T value, RuntimeException failure) {
    public boolean failed() {
      return failure != null;
    }
  }

  /**
   * Runs every task, at most {@code parallelism} at a time, and waits for all of them, even when
   * one fails (a failed source must not abandon the others halfway).
   *
   * @return one outcome per task, in the tasks' order
   */
  public static <T> List<Outcome<T>> runAll(
      String threadName, int parallelism, List<Callable<T>> tasks) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
    }
    List<Outcome<T>> outcomes = new ArrayList<>();
    if (tasks.isEmpty()) {
      return outcomes;
    }
    if (parallelism == 1 || tasks.size() == 1) {
      for (Callable<T> task : tasks) {
        outcomes.add(call(task));
      }
      return outcomes;
    }
    AtomicInteger counter = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(parallelism, tasks.size()),
            runnable -> {
              Thread thread = new Thread(runnable, threadName + "-" + counter.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<Outcome<T>>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(() -> call(task)));
      }
      for (Future<Outcome<T>> future : futures) {
        outcomes.add(await(future));
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The values of all outcomes, or the first failure (in task order) rethrown, with the later
   * failures attached as suppressed exceptions.
   */
  public static <T> List<T> valuesOrFirstFailure(List<Outcome<T>> outcomes) {
    List<T> values = new ArrayList<>();
    RuntimeException first = null;
    for (Outcome<T> outcome : outcomes) {
      if (!outcome.failed()) {
        values.add(outcome.value());
      } else if (first == null) {
        first = outcome.failure();
      } else {
        first.addSuppressed(outcome.failure());
      }
    }
    if (first != null) {
      throw first;
    }
    return values;
  }

  private static <T> Outcome<T> call(Callable<T> task) {
    try {
      return new Outcome<>(task.call(), null);
    } catch (RuntimeException e) {
      return new Outcome<>(null, e);
    } catch (Exception e) {
      return new Outcome<>(null, new IllegalStateException(e.getMessage(), e));
    }
  }

  private static <T> Outcome<T> await(Future<Outcome<T>> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome<>(null, new IllegalStateException("interrupted while waiting", e));
    } catch (ExecutionException e) {
      // call() catches every exception a task throws; only an Error gets here.
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }
}
