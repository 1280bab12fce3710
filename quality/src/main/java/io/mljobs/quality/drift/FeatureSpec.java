package io.mljobs.quality.drift;

import java.util.Objects;

/**
 * A column to compare and how.
 *
 * @param name the column, as in both sides' schemas
 * @param kind numeric or categorical
 */
public record FeatureSpec(String name, FeatureKind kind) {
  public FeatureSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
  }
}
