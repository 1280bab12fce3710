package io.mljobs.quality.drift;

import java.util.Locale;

/** The judgement of one statistic, one feature or one dataset. */
public enum Verdict {
  /** Within its threshold. */
  OK,
  /** Within the drift threshold but beyond the warning band (PSI 0.1..0.25 by default). */
  WARNING,
  /** Beyond the drift threshold. */
  DRIFT,
  /** No threshold: reported for information. */
  INFO,
  /** Could not be computed (an empty side, a missing column); the detail says why. */
  UNDEFINED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
