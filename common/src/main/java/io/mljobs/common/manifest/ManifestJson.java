package io.mljobs.common.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one JSON form of a {@link RunManifest}: stable key order, pretty-printed. */
public final class ManifestJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ManifestJson() {}

  public static String write(RunManifest manifest) {
    try {
      return MAPPER.writeValueAsString(manifest);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize run manifest " + manifest.runId(), e);
    }
  }

  /** Reads a manifest written by this or a later format version (unknown fields are ignored). */
  public static RunManifest read(String json) {
    try {
      return MAPPER.readValue(json, RunManifest.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not a run manifest: " + e.getOriginalMessage(), e);
    }
  }

  /** Any value as compact JSON (for JSON columns). */
  public static String compact(Object value) {
    try {
      return new ObjectMapper()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
