package io.mljobs.jobs.features;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.mljobs.common.config.Settings;

/** Feature sets parsed from inline HOCON, as the job parses them. */
final class FeatureSpecs {
  private FeatureSpecs() {}

  /** The set {@code t} whose section body is {@code body}. */
  static FeatureSetSpec parse(String body) {
    Config c = ConfigFactory.parseString("mljobs.feature-sets.t {\n" + body + "\n}").resolve();
    return FeatureSetSpec.from(
        "t", Settings.of(c).section("mljobs").section("feature-sets").section("t"));
  }
}
