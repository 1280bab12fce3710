package io.mljobs.common.job;

import io.mljobs.common.manifest.OutputRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** The summary's note on output versions that earlier attempts of the run committed. */
final class CarriedOutputs {
  private CarriedOutputs() {}

  /**
   * {@code "; earlier attempts of this run committed 3 output version(s): bronze.x v0, v1;
   * quarantine.x v0"}, or empty when this attempt made or touched every output.
   */
  static String describe(List<OutputRecord> outputs, String attemptId) {
    Map<String, List<String>> byTable = new LinkedHashMap<>();
    int count = 0;
    for (OutputRecord output : outputs) {
      if (!output.skipped()
          && output.committedBy() != null
          && !Objects.equals(output.committedBy(), attemptId)) {
        count++;
        byTable
            .computeIfAbsent(output.name(), k -> new java.util.ArrayList<>())
            .add(output.version() == null ? "?" : "v" + output.version());
      }
    }
    if (count == 0) {
      return "";
    }
    return "; earlier attempts of this run committed "
        + count
        + " more output version(s): "
        + byTable.entrySet().stream()
            .map(e -> e.getKey() + " " + String.join(", ", e.getValue()))
            .collect(Collectors.joining("; "));
  }
}
