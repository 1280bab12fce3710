package io.mljobs.common.manifest;

import java.util.Map;

/**
 * One input a run read, with the version that pins it.
 *
 * @param name logical name (table or source name)
 * @param kind delta, files, jdbc, kafka, ...
 * @param location where it lives (path, URL without credentials, topic)
 * @param version the Delta version read, if a Delta table
 * @param details kind-specific position: file list, offsets, watermark
 */
public record InputRecord(
    String name, String kind, String location, Long version, Map<String, Object> details) {
  public InputRecord {
    details = Map.copyOf(details);
  }
}
