package io.mljobs.jobs.ingest.files;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One batch of files as one Dataset, read in one pass: the declared columns (strings for text
 * formats), the reader's corrupt-record column (text formats), {@code _source_file}, and for CSV
 * files with a header {@code _header_problem}.
 *
 * <p>Exactly the listed files are read, never their folders, so Spark infers no partition columns
 * from {@code name=value} folders. CSV files with a header are read by name: files are grouped by
 * their header, each group read with its own column order and projected to the declared order (a
 * nullable column a header leaves out is null). A file whose header does not fit the schema is read
 * as text lines, each line carrying the header problem, so the whole file lands in quarantine.
 */
final class FileBatchReader {
  static final String SOURCE_FILE = IngestFilesJob.SOURCE_FILE;
  static final String CORRUPT = IngestFilesJob.CORRUPT;

  /**
   * Where a record came from, for the quarantine: {@code <file URI>:<line>} (the line counts the
   * header, not blank lines), or for a record of a large file's later split {@code <file URI>
   * (record <n> after byte <offset>)}.
   */
  static final String SOURCE_POSITION = "_source_position";

  /** How many fields a CSV record should have (its header's, else the declared columns'). */
  static final String EXPECTED_FIELDS = "_expected_fields";

  /** A 64-bit hash of each record as received (its fields in declared order, or its raw line). */
  static final String ROW_HASH = "_row_hash";

  /** Why a CSV file's lines are rejected as a whole (its header does not fit), else null. */
  static final String HEADER_PROBLEM = "_header_problem";

  private FileBatchReader() {}

  /**
   * @param headers the header of each CSV file (by URI) when the source's files have headers, else
   *     empty
   */
  static Dataset<Row> read(
      SparkSession spark,
      FileSourceSpec source,
      List<FileListing.ListedFile> files,
      Map<String, CsvHeader> headers) {
    Dataset<Row> read = readFiles(spark, source, files, headers);
    List<Column> content = new ArrayList<>();
    source.schema().columnNames().forEach(n -> content.add(col(quoted(n))));
    if (source.isText()) {
      content.add(col(CORRUPT));
    }
    return read.withColumn(ROW_HASH, functions.xxhash64(content.toArray(Column[]::new)));
  }

  private static Dataset<Row> readFiles(
      SparkSession spark,
      FileSourceSpec source,
      List<FileListing.ListedFile> files,
      Map<String, CsvHeader> headers) {
    if (headers.isEmpty()) {
      Dataset<Row> read =
          reader(spark, source, source.isText() ? raw(source) : typed(source)).load(paths(files));
      Column expected =
          source.format().equals("csv")
              ? lit(source.schema().columns().size())
              : lit(null).cast(DataTypes.IntegerType);
      return read.select(
          col("*"),
          col("_metadata.file_path").as(SOURCE_FILE),
          position(0),
          expected.as(EXPECTED_FIELDS));
    }
    // One read per distinct header (usually one); the union is still one pass over the files.
    Map<List<String>, List<FileListing.ListedFile>> byColumns = new LinkedHashMap<>();
    Map<CsvHeader, List<FileListing.ListedFile>> misfits = new LinkedHashMap<>();
    for (FileListing.ListedFile file : files) {
      CsvHeader header = headers.get(file.uri());
      if (header.problem() == null) {
        byColumns.computeIfAbsent(header.columns(), k -> new ArrayList<>()).add(file);
      } else {
        misfits.computeIfAbsent(header, k -> new ArrayList<>()).add(file);
      }
    }
    List<Dataset<Row>> parts = new ArrayList<>();
    byColumns.forEach((columns, group) -> parts.add(byHeader(spark, source, columns, group)));
    misfits.forEach((header, group) -> parts.add(misfit(spark, source, header, group)));
    Dataset<Row> all = parts.get(0);
    for (Dataset<Row> part : parts.subList(1, parts.size())) {
      all = all.unionByName(part);
    }
    return all;
  }

  private static Dataset<Row> byHeader(
      SparkSession spark,
      FileSourceSpec source,
      List<String> headerColumns,
      List<FileListing.ListedFile> files) {
    StructType schema = new StructType();
    for (int i = 0; i < headerColumns.size(); i++) {
      schema = schema.add(headerColumns.get(i), DataTypes.StringType, true);
    }
    schema = schema.add(CORRUPT, DataTypes.StringType, true);
    Dataset<Row> read =
        reader(spark, source, schema).option("enforceSchema", "true").load(paths(files));
    List<Column> columns = new ArrayList<>();
    for (String name : source.schema().columnNames()) {
      columns.add(
          headerColumns.contains(name)
              ? col(quoted(name))
              : lit(null).cast(DataTypes.StringType).as(name));
    }
    columns.add(col(CORRUPT));
    columns.add(col("_metadata.file_path").as(SOURCE_FILE));
    columns.add(position(1));
    columns.add(lit(headerColumns.size()).as(EXPECTED_FIELDS));
    columns.add(lit(null).cast(DataTypes.StringType).as(HEADER_PROBLEM));
    return read.select(columns.toArray(Column[]::new));
  }

  private static Dataset<Row> misfit(
      SparkSession spark,
      FileSourceSpec source,
      CsvHeader header,
      List<FileListing.ListedFile> files) {
    Dataset<Row> lines = spark.read().format("text").load(paths(files));
    List<Column> columns = new ArrayList<>();
    for (String name : source.schema().columnNames()) {
      columns.add(lit(null).cast(DataTypes.StringType).as(name));
    }
    columns.add(col("value").as(CORRUPT));
    columns.add(col("_metadata.file_path").as(SOURCE_FILE));
    columns.add(position(0)); // every line is a record here, the header too
    columns.add(lit(null).cast(DataTypes.IntegerType).as(EXPECTED_FIELDS));
    columns.add(lit(header.problem()).as(HEADER_PROBLEM));
    // Numbered before the header line is left out (it is not a record), so lines keep their count.
    Dataset<Row> numbered = lines.select(columns.toArray(Column[]::new));
    return numbered.filter(col(CORRUPT).notEqual(lit(header.line())));
  }

  private static DataFrameReader reader(
      SparkSession spark, FileSourceSpec source, StructType schema) {
    DataFrameReader reader =
        spark
            .read()
            .format(source.format())
            .options(source.options())
            // The listed files only: no partition columns from name=value folders.
            .option("recursiveFileLookup", "true")
            .schema(schema);
    if (source.isText()) {
      reader.option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT);
    }
    return reader;
  }

  private static StructType raw(FileSourceSpec source) {
    return source.schema().rawStringSchema().add(CORRUPT, DataTypes.StringType, true);
  }

  private static StructType typed(FileSourceSpec source) {
    return source.schema().typedSchema();
  }

  /**
   * {@link #SOURCE_POSITION} of each record, numbered right above the scan.
   *
   * @param linesBefore lines before the first record (1 for a header)
   */
  private static Column position(int linesBefore) {
    Column file = col("_metadata.file_path");
    Column splitStart = col("_metadata.file_block_start");
    Column record =
        functions
            .udf(new RecordNumbers(), DataTypes.LongType)
            .asNondeterministic()
            .apply(file, splitStart);
    return when(
            splitStart.equalTo(0),
            concat(file, lit(":"), record.plus(linesBefore).cast(DataTypes.StringType)))
        .otherwise(
            concat(
                file,
                lit(" (record "),
                record.cast(DataTypes.StringType),
                lit(" after byte "),
                splitStart.cast(DataTypes.StringType),
                lit(")")))
        .as(SOURCE_POSITION);
  }

  private static String[] paths(List<FileListing.ListedFile> files) {
    return files.stream().map(FileListing.ListedFile::path).toArray(String[]::new);
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
