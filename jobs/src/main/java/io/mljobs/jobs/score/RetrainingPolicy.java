package io.mljobs.jobs.score;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * When to recommend retraining, from the run date's data-drift evidence and the champion's
 * performance verdicts (pure).
 *
 * <ul>
 *   <li>{@code any-drift}: any drifted feature or dataset, or degraded performance;
 *   <li>{@code drift-share}: at least {@code share} of the compared features drifted, or degraded
 *       performance;
 *   <li>{@code performance-only}: degraded performance only.
 * </ul>
 *
 * A recommendation within {@code minDaysBetween} days after the previous one is held back (the
 * reasons say so).
 */
record RetrainingPolicy(Kind kind, double share, int minDaysBetween) {

  enum Kind {
    ANY_DRIFT,
    DRIFT_SHARE,
    PERFORMANCE_ONLY;

    String kebab() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * What the drift table says about the run date.
   *
   * @param compared features compared (dataset.feature)
   * @param drifted features whose verdict is drift
   * @param driftedDatasets datasets whose dataset-level verdict is drift
   */
  record Drift(List<String> compared, List<String> drifted, List<String> driftedDatasets) {
    Drift {
      compared = List.copyOf(compared);
      drifted = List.copyOf(drifted);
      driftedDatasets = List.copyOf(driftedDatasets);
    }

    double share() {
      return compared.isEmpty() ? 0 : (double) drifted.size() / compared.size();
    }
  }

  /** The decision and why. */
  record Decision(boolean recommended, List<String> reasons) {
    Decision {
      reasons = List.copyOf(reasons);
    }
  }

  Decision decide(
      LocalDate date,
      Drift drift,
      List<String> degradedDates,
      Optional<LocalDate> lastRecommended) {
    List<String> reasons = new ArrayList<>();
    boolean recommend = false;
    if (!degradedDates.isEmpty()) {
      recommend = true;
      reasons.add("performance degraded on " + degradedDates);
    } else {
      reasons.add("performance within margin (or not yet judged)");
    }
    String shareText =
        String.format(
            Locale.ROOT,
            "%d of %d feature(s) drifted (%.2f)",
            drift.drifted().size(),
            drift.compared().size(),
            drift.share());
    switch (kind) {
      case ANY_DRIFT -> {
        boolean drifted = !drift.drifted().isEmpty() || !drift.driftedDatasets().isEmpty();
        recommend |= drifted;
        reasons.add(
            (drifted ? "data drift: " : "no data drift: ")
                + shareText
                + (drift.driftedDatasets().isEmpty()
                    ? ""
                    : ", dataset(s) drifted: " + drift.driftedDatasets()));
      }
      case DRIFT_SHARE -> {
        boolean drifted = !drift.compared().isEmpty() && drift.share() >= share;
        recommend |= drifted;
        reasons.add(
            shareText
                + (drifted ? " >= " : " < ")
                + String.format(Locale.ROOT, "%.2f", share)
                + " (drift-share)");
      }
      case PERFORMANCE_ONLY ->
          reasons.add("data drift not considered (performance-only): " + shareText);
    }
    if (recommend && lastRecommended.isPresent() && minDaysBetween > 0) {
      long days = ChronoUnit.DAYS.between(lastRecommended.get(), date);
      if (days < minDaysBetween) {
        recommend = false;
        reasons.add(
            "held back: retraining was last recommended on "
                + lastRecommended.get()
                + ", "
                + days
                + " day(s) ago (min-days-between = "
                + minDaysBetween
                + ")");
      }
    }
    return new Decision(recommend, reasons);
  }
}
