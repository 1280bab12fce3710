package io.mljobs.jobs.ingest.files;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.schema.DatePartition;
import io.mljobs.common.schema.DeclaredSchema;
import io.mljobs.common.table.TableRef;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A file source declared in config ({@code mljobs.sources.<name>} with {@code type = files}).
 *
 * @param name source name
 * @param format csv, json (JSON lines) or parquet
 * @param path folder (local or any Hadoop URI) holding the files
 * @param glob file name filter, e.g. {@code *.csv}
 * @param options reader options passed to Spark as given (header, delimiter, ...)
 * @param schema the declared schema
 * @param bronze target table
 * @param quarantine table for rejected rows
 * @param maxFilesPerBatch files per micro-batch, empty for all at once
 * @param partitionBy bronze partition columns when the table is created ({@code partition.column}
 *     or {@code partition-by})
 * @param delivery which files are ready, changed files, broken files, the processed-files log
 */
public record FileSourceSpec(
    String name,
    String format,
    String path,
    String glob,
    Map<String, String> options,
    DeclaredSchema schema,
    TableRef bronze,
    TableRef quarantine,
    Optional<Integer> maxFilesPerBatch,
    List<String> partitionBy,
    FileDelivery delivery) {

  private static final List<String> FORMATS = List.of("csv", "json", "parquet");

  public FileSourceSpec {
    options = Map.copyOf(options);
    partitionBy = List.copyOf(partitionBy);
  }

  /** True for text formats read with a corrupt-record column. */
  public boolean isText() {
    return !format.equals("parquet");
  }

  /** Local paths become absolute, so manifests say exactly where files came from. */
  static String absoluteIfLocal(String path) {
    if (path.contains("://") || path.startsWith("file:")) {
      return path;
    }
    return java.nio.file.Path.of(path).toAbsolutePath().normalize().toString();
  }

  /** Reads one source section; {@code schemas} is {@code mljobs.schemas}. */
  public static FileSourceSpec from(String name, Settings source, Settings schemas) {
    return from(name, source, schemas, Settings.of(com.typesafe.config.ConfigFactory.empty()));
  }

  /**
   * Reads one source section; {@code schemas} is {@code mljobs.schemas}, {@code defaults} the
   * ingest job's section (defaults of the {@link FileDelivery} keys).
   */
  public static FileSourceSpec from(
      String name, Settings source, Settings schemas, Settings defaults) {
    String format = source.string("format").toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(format)) {
      throw new ConfigError(
          source.fullKey("format"),
          "Config key '"
              + source.fullKey("format")
              + "' must be one of "
              + FORMATS
              + ", but is '"
              + format
              + "'"
              + io.mljobs.common.config.NearestNames.didYouMean(format, FORMATS)
              + ".");
    }
    source.string("type");
    Optional<Integer> maxFiles =
        source.has("max-files-per-batch")
            ? Optional.of(source.integer("max-files-per-batch", 1000, 1))
            : Optional.empty();
    // An event-date partition computes its column into the schema, so bronze carries it.
    Optional<DatePartition> partition = DatePartition.from(source);
    DeclaredSchema schema =
        DeclaredSchema.from(source.string("schema"), schemas, source.fullKey("schema"));
    if (partition.isPresent()) {
      schema = partition.get().applyTo(schema, source.fullKey(DatePartition.KEY));
    }
    FileSourceSpec spec =
        new FileSourceSpec(
            name,
            format,
            absoluteIfLocal(source.string("path")),
            source.string("glob", "*"),
            source.stringMap("options"),
            schema,
            TableRef.parse(
                source.string("bronze-table", "bronze." + name), source.fullKey("bronze-table")),
            TableRef.parse(
                source.string("quarantine-table", "quarantine." + name),
                source.fullKey("quarantine-table")),
            maxFiles,
            DatePartition.partitionBy(source, partition),
            FileDelivery.from(name, source, defaults));
    source.declare(List.of("description"));
    return spec;
  }
}
