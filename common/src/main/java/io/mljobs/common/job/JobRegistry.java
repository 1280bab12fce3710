package io.mljobs.common.job;

import io.mljobs.common.config.NearestNames;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The jobs available in this JVM, found through {@link ServiceLoader} ({@code
 * META-INF/services/io.mljobs.common.job.SparkJob}), so a team can add jobs in its own jar without
 * touching mljobs.
 */
public final class JobRegistry {
  private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  private final Map<String, SparkJob<?>> jobs;

  private JobRegistry(Map<String, SparkJob<?>> jobs) {
    this.jobs = jobs;
  }

  /** All jobs on the class path. */
  public static JobRegistry discover() {
    Map<String, SparkJob<?>> found = new TreeMap<>();
    for (SparkJob<?> job : ServiceLoader.load(SparkJob.class)) {
      register(found, job);
    }
    return new JobRegistry(found);
  }

  /** A registry of exactly these jobs (tests). */
  public static JobRegistry of(SparkJob<?>... jobs) {
    Map<String, SparkJob<?>> map = new LinkedHashMap<>();
    for (SparkJob<?> job : jobs) {
      register(map, job);
    }
    return new JobRegistry(map);
  }

  private static void register(Map<String, SparkJob<?>> map, SparkJob<?> job) {
    if (!KEBAB.matcher(job.name()).matches()) {
      throw new IllegalStateException("Job names are kebab-case: " + job.name());
    }
    SparkJob<?> previous = map.putIfAbsent(job.name(), job);
    if (previous != null) {
      throw new IllegalStateException(
          "Two jobs named '"
              + job.name()
              + "': "
              + previous.getClass().getName()
              + " and "
              + job.getClass().getName());
    }
  }

  public Optional<SparkJob<?>> find(String name) {
    return Optional.ofNullable(jobs.get(name));
  }

  /** The job, or an error naming the nearest job name. */
  public SparkJob<?> require(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new io.mljobs.common.config.ConfigError(
                    "job",
                    "Unknown job '"
                        + name
                        + "'"
                        + NearestNames.didYouMean(name, jobs.keySet())
                        + ". Run 'list' to see the jobs."));
  }

  public Collection<SparkJob<?>> all() {
    return jobs.values();
  }

  public java.util.Set<String> names() {
    return jobs.keySet();
  }
}
