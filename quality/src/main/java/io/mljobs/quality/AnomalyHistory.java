package io.mljobs.quality;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.AnalysisResult;
import com.amazon.deequ.repository.MetricsRepository;
import com.amazon.deequ.repository.memory.InMemoryMetricsRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import scala.Option;

/**
 * The earlier runs an anomaly check judges against: the metric's results in the metrics history
 * before the run date, without runs whose tags match {@link CheckSpec.Anomaly#excludeRuns()} (a
 * catch-up delivery, a failed gate), cut to the last {@link CheckSpec.Anomaly#window()} runs. Deequ
 * reads them from {@link #repository()}, so every strategy, Deequ's and ours, sees the same series;
 * {@link #values()} gives them to the message.
 */
final class AnomalyHistory {
  private final InMemoryMetricsRepository repository;
  private final List<Double> values;
  private final int excluded;

  private AnomalyHistory(InMemoryMetricsRepository repository, List<Double> values, int excluded) {
    this.repository = repository;
    this.values = List.copyOf(values);
    this.excluded = excluded;
  }

  /**
   * The history of {@code analyzer} for {@code check} in {@code source} up to {@code beforeDate}.
   */
  static AnomalyHistory select(
      MetricsRepository source,
      Analyzer<?, Metric<?>> analyzer,
      CheckSpec.Anomaly check,
      long beforeDate) {
    List<AnalysisResult> usable = new ArrayList<>();
    int excluded = 0;
    for (AnalysisResult result :
        DeequInterop.javaList(
            source
                .load()
                .forAnalyzers(DeequInterop.list(List.of(analyzer)))
                .before(beforeDate)
                .get())) {
      Option<Metric<?>> metric = result.analyzerContext().metric(analyzer);
      if (!metric.isDefined() || !metric.get().value().isSuccess()) {
        continue;
      }
      if (excludedBy(check, DeequInterop.javaMap(result.resultKey().tags()))) {
        excluded++;
        continue;
      }
      usable.add(result);
    }
    usable.sort(Comparator.comparingLong(r -> r.resultKey().dataSetDate()));
    int window = check.window();
    if (window > 0 && usable.size() > window) {
      usable = usable.subList(usable.size() - window, usable.size());
    }
    InMemoryMetricsRepository repository = new InMemoryMetricsRepository();
    List<Double> values = new ArrayList<>();
    for (AnalysisResult result : usable) {
      AnalyzerContext context = result.analyzerContext();
      repository.save(result.resultKey(), context);
      values.add(((Number) context.metric(analyzer).get().value().get()).doubleValue());
    }
    return new AnomalyHistory(repository, values, excluded);
  }

  private static boolean excludedBy(CheckSpec.Anomaly check, Map<String, String> tags) {
    return check.excludeRuns().stream().anyMatch(t -> t.value().equals(tags.get(t.key())));
  }

  /** The selected runs, for Deequ's anomaly constraint. */
  MetricsRepository repository() {
    return repository;
  }

  /** The metric's values of the selected runs, oldest first. */
  List<Double> values() {
    return values;
  }

  /** Runs left out because their tags matched {@code exclude-runs}. */
  int excluded() {
    return excluded;
  }
}
