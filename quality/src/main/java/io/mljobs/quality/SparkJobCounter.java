package io.mljobs.quality;

import java.util.function.Supplier;
import org.apache.spark.SparkContext;

/**
 * Runs work in its own Spark job group (a sub-group of the run's, so the UI reads naturally) and
 * counts the Spark jobs it started, from Spark's status tracker.
 */
public final class SparkJobCounter {
  private static final String GROUP_ID = "spark.jobGroup.id";
  private static final String DESCRIPTION = "spark.job.description";

  private SparkJobCounter() {}

  /** A result with the number of Spark jobs that computed it. */
  public record Counted<T>(T value, int jobs) {}

  /** Runs {@code work} in a sub-group named {@code label} and counts its Spark jobs. */
  public static <T> Counted<T> run(SparkContext sc, String label, Supplier<T> work) {
    String previousGroup = sc.getLocalProperty(GROUP_ID);
    String previousDescription = sc.getLocalProperty(DESCRIPTION);
    String group =
        (previousGroup == null ? "mljobs" : previousGroup) + "/" + label + "/" + System.nanoTime();
    sc.setJobGroup(
        group, (previousDescription == null ? "" : previousDescription + " ") + label, false);
    T value;
    try {
      value = work.get();
    } finally {
      if (previousGroup == null) {
        sc.clearJobGroup();
      } else {
        sc.setJobGroup(previousGroup, previousDescription, false);
      }
    }
    return new Counted<>(value, settledCount(sc, group));
  }

  /** The tracker is fed asynchronously by the listener bus: wait until the count settles. */
  private static int settledCount(SparkContext sc, String group) {
    int last = -1;
    int stable = 0;
    for (int i = 0; i < 40 && stable < 3; i++) {
      int now = sc.statusTracker().getJobIdsForGroup(group).length;
      stable = now == last ? stable + 1 : 0;
      last = now;
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return last;
  }
}
