package io.mljobs.jobs.it;

import io.mljobs.common.job.JobRegistry;
import io.mljobs.jobs.Main;
import io.mljobs.jobs.publish.AfterStaging;
import io.mljobs.jobs.publish.PublishSnowflakeJob;
import java.util.concurrent.CountDownLatch;

/**
 * {@code publish-snowflake} with a hook that stops between staging and apply: it prints the staging
 * table (the line {@link PublishSnowflakeCrashIT} waits for) and blocks until the JVM is killed.
 * Run in a JVM of its own, with the arguments of {@link Main}.
 */
public final class PausedPublish {
  /** The line's marker; the staging table follows it. */
  static final String STAGED = "[publish-snowflake] staged into ";

  private PausedPublish() {}

  public static void main(String[] args) {
    AfterStaging pause =
        staging -> {
          System.out.println(STAGED + staging + "; pausing until killed");
          System.out.flush();
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while paused after staging", e);
          }
        };
    int code =
        Main.execute(JobRegistry.of(new PublishSnowflakeJob(pause)), System.out, System.err, args);
    System.exit(code);
  }
}
