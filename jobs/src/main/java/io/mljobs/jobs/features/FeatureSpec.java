package io.mljobs.jobs.features;

import java.util.Optional;

/**
 * One feature of a feature set, as declared in {@code mljobs.feature-sets.<set>.features}. Every
 * kind knows its canonical text, from which the set's definition hash is made.
 */
public sealed interface FeatureSpec
    permits FeatureSpec.RowExpression, FeatureSpec.WindowAggregation, FeatureSpec.Lookup {

  /** The output column. */
  String name();

  /** The definition as one stable line: what changes it changes the values. */
  String canonical();

  /**
   * A row-level Spark SQL expression over the source row ({@code expr = "hour(event_ts)"}).
   *
   * @param name output column
   * @param expr the expression
   */
  record RowExpression(String name, String expr) implements FeatureSpec {
    @Override
    public String canonical() {
      return "row:" + name + "=" + expr.trim();
    }
  }

  /**
   * An aggregation over the entity's events in a sliding window ending at each event (or at the end
   * of each day, in daily-snapshot mode).
   *
   * @param name output column
   * @param aggregation what is computed
   * @param column the column aggregated (after row-level features: one of the same name replaces
   *     the source column); empty for count of events and the time since the previous event
   * @param window the window's length
   * @param includeCurrent whether the event's own row (and others of the same second) is in it
   */
  record WindowAggregation(
      String name,
      Aggregation aggregation,
      Optional<String> column,
      FeatureWindow window,
      boolean includeCurrent)
      implements FeatureSpec {
    @Override
    public String canonical() {
      return "agg:"
          + name
          + "="
          + aggregation.key()
          + "("
          + column.orElse("*")
          + ") over "
          + window.seconds()
          + "s "
          + (includeCurrent ? "include" : "exclude");
    }
  }

  /**
   * A column of a reference table, as of the event time ({@link LookupSpec}).
   *
   * @param name output column
   * @param lookup the lookup's name under {@code lookups}
   * @param column the reference table's column
   */
  record Lookup(String name, String lookup, String column) implements FeatureSpec {
    @Override
    public String canonical() {
      return "lookup:" + name + "=" + lookup + "." + column;
    }
  }
}
