package io.mljobs.common.delta;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the user metadata mljobs puts on every Delta commit (run id, attempt, job, date). */
final class CommitMetadata {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CommitMetadata() {}

  /** The metadata's top-level values as strings; empty when it is not a JSON object. */
  static Map<String, String> parse(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      Map<String, Object> values = MAPPER.readValue(json, new TypeReference<>() {});
      Map<String, String> strings = new LinkedHashMap<>();
      values.forEach((k, v) -> strings.put(k, v == null ? null : String.valueOf(v)));
      return strings;
    } catch (java.io.IOException | RuntimeException e) {
      return Map.of(); // metadata written by another tool: nothing to read
    }
  }
}
