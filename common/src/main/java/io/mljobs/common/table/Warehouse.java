package io.mljobs.common.table;

import java.net.URI;
import java.nio.file.Path;

/**
 * The root under which every mljobs table and manifest lives: a local folder or any Hadoop URI
 * ({@code s3a://bucket/mljobs}, {@code hdfs://nn/mljobs}). Tables are stored by path at {@code
 * <root>/<layer>/<name>}, so any Delta reader (Spark, delta-rs, Trino) finds them without a
 * metastore.
 */
public record Warehouse(String root) {
  public Warehouse {
    root = normalize(root);
  }

  /** The storage path of a table. */
  public String pathOf(TableRef table) {
    return root + "/" + table.layer() + "/" + table.name();
  }

  /** A path under the root for non-table files (manifests, checkpoints, reports). */
  public String resolve(String relative) {
    return root + "/" + relative;
  }

  /** True for plain local paths and {@code file:} URIs. */
  public boolean isLocal() {
    return !root.contains("://") || root.startsWith("file:");
  }

  /** The local folder, for local warehouses only. */
  public Path localPath() {
    return root.startsWith("file:") ? Path.of(URI.create(root)) : Path.of(root);
  }

  private static String normalize(String root) {
    String trimmed = root.trim();
    if (!trimmed.contains("://") && !trimmed.startsWith("file:")) {
      trimmed = Path.of(trimmed).toAbsolutePath().normalize().toString();
    }
    while (trimmed.endsWith("/") && trimmed.length() > 1) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }
}
