package io.mljobs.jobs.ingest.files;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.when;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.error.Failures;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.job.ExitCode;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.ParallelTasks;
import io.mljobs.common.job.SparkJob;
import io.mljobs.common.manifest.InputRecord;
import io.mljobs.common.schema.DeclaredSchema;
import io.mljobs.common.schema.SchemaConformer;
import io.mljobs.jobs.ingest.BatchTally;
import io.mljobs.jobs.ingest.IngestBatchWriter;
import io.mljobs.jobs.ingest.SourceTally;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code ingest-files}: loads new CSV, JSON-lines and Parquet files of each declared file source
 * into {@code bronze.<source>}, with rejected rows in {@code quarantine.<source>}.
 *
 * <p>Each run lists the source folder, leaves out files that are not ready (empty, still settling,
 * no done-marker), compares the rest with the source's processed-files log ({@link IngestLog}) and
 * loads new files (and changed or named ones, replacing their earlier rows, when configured) in
 * batches, each read in one pass ({@link FileBatchReader}, {@link IngestBatchWriter}). A run that
 * crashed halfway is completed by the next one without loading anything twice. Sources load
 * concurrently ({@code parallel-sources}); one that fails does not stop the others, and the run
 * fails naming it once they are done.
 */
public final class IngestFilesJob implements SparkJob<IngestFilesConfig> {
  static final String NAME = "ingest-files";
  static final String SOURCE_FILE = "_source_file";
  static final String CORRUPT = "_corrupt_record";

  /** Most file names a summary line lists per kind; the manifest has them all. */
  private static final int NAMES_SHOWN = 5;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Load new CSV/JSON/Parquet files into bronze Delta tables, exactly once; quarantine bad rows.";
  }

  @Override
  public IngestFilesConfig configure(Settings mljobs) {
    return IngestFilesConfig.from(mljobs, NAME);
  }

  /** What one source's run found besides the rows it loaded. */
  static final class SourceNotes {
    final List<FileListing.Skipped> skipped = new ArrayList<>();
    final List<String> changedNotLoaded = new ArrayList<>();
    final List<String> replaced = new ArrayList<>();
    final List<String> partitionLikeFolders = new ArrayList<>();
    final List<String> duplicates = new ArrayList<>();
    final Map<String, String> contentSeen = new HashMap<>();
    String malformedFile;
    String logTable;
  }

  @Override
  public JobResult run(JobContext<IngestFilesConfig> context) throws Exception {
    List<FileSourceSpec> sources = context.config().sources();
    // Sources are independent: loading several at once overlaps one source's driver-side
    // bookkeeping (listing, log and Delta log writes) with another's Spark jobs.
    List<SourceTally> tallies = sources.stream().map(s -> SourceTally.perFile()).toList();
    List<SourceNotes> notes = sources.stream().map(s -> new SourceNotes()).toList();
    List<Callable<SourceTally>> tasks = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      FileSourceSpec source = sources.get(i);
      SourceTally tally = tallies.get(i);
      SourceNotes note = notes.get(i);
      tasks.add(
          () ->
              context.timed("ingest " + source.name(), () -> ingest(context, source, tally, note)));
    }
    List<ParallelTasks.Outcome<SourceTally>> outcomes =
        ParallelTasks.runAll(NAME, context.config().parallelSources(), tasks);
    // Inputs and metrics in the configured order, failed sources included (what they got to).
    long loaded = 0;
    long quarantined = 0;
    int files = 0;
    List<String> remarks = new ArrayList<>();
    List<String> malformed = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      FileSourceSpec source = sources.get(i);
      SourceTally tally = tallies.get(i);
      SourceNotes note = notes.get(i);
      Map<String, Object> details = new java.util.LinkedHashMap<>(tally.details(note.logTable));
      details.put(
          "skipped_files",
          note.skipped.stream()
              .map(s -> Map.of("file", s.relative(), "reason", s.reason()))
              .toList());
      details.put("changed_files_not_loaded", List.copyOf(note.changedNotLoaded));
      details.put("replaced_files", List.copyOf(note.replaced));
      details.put("partition_like_folders", List.copyOf(note.partitionLikeFolders));
      details.put("duplicate_content", List.copyOf(note.duplicates));
      context.input(new InputRecord(source.name(), "files", source.path(), null, details));
      loaded += tally.loaded();
      quarantined += tally.quarantined();
      files += tally.positions();
      context.metric("rows_loaded." + source.name(), tally.loaded());
      context.metric("rows_quarantined." + source.name(), tally.quarantined());
      context.metric("files." + source.name(), tally.positions());
      context.metric("files_skipped." + source.name(), note.skipped.size());
      remarks.addAll(remarks(source, note));
      if (note.malformedFile != null) {
        malformed.add(note.malformedFile);
      }
    }
    if (!malformed.isEmpty()) {
      // A file that is mostly garbage is a data problem, not a fault: exit 3 like a failed gate.
      ParallelTasks.valuesOrFirstFailure(outcomes);
      return JobResult.of(
          ExitCode.QUALITY_GATE_FAILED,
          String.join("; ", malformed)
              + ". Nothing of that batch was loaded; fix or move the file, or raise"
              + " max-malformed-fraction, and re-run.");
    }
    ParallelTasks.valuesOrFirstFailure(outcomes);
    String summary =
        files + " new file(s), " + loaded + " row(s) loaded, " + quarantined + " quarantined";
    if (!remarks.isEmpty()) {
      summary += "; " + String.join("; ", remarks);
    }
    return JobResult.ok(summary)
        .withMetric("files", files)
        .withMetric("rows_loaded", loaded)
        .withMetric("rows_quarantined", quarantined);
  }

  private static List<String> remarks(FileSourceSpec source, SourceNotes note) {
    List<String> remarks = new ArrayList<>();
    if (!note.skipped.isEmpty()) {
      remarks.add(
          source.name()
              + ": skipped "
              + note.skipped.size()
              + " file(s) not ready, left for a later run: "
              + shown(
                  note.skipped.stream().map(s -> s.relative() + " (" + s.reason() + ")").toList()));
    }
    if (!note.changedNotLoaded.isEmpty()) {
      remarks.add(
          "WARNING "
              + source.name()
              + ": "
              + note.changedNotLoaded.size()
              + " file(s) changed since they were loaded and were not loaded again: "
              + shown(note.changedNotLoaded)
              + " (set mljobs.sources."
              + source.name()
              + ".on-changed-file = reprocess, or list them in mljobs.sources."
              + source.name()
              + ".reprocess)");
    }
    if (!note.replaced.isEmpty()) {
      remarks.add(
          source.name()
              + ": reloaded "
              + note.replaced.size()
              + " file(s), replacing their earlier rows: "
              + shown(note.replaced));
    }
    if (!note.duplicates.isEmpty()) {
      remarks.add(
          "WARNING "
              + source.name()
              + ": "
              + note.duplicates.size()
              + " file(s) delivered the same rows again under a new name: "
              + shown(note.duplicates));
    }
    if (!note.partitionLikeFolders.isEmpty()) {
      remarks.add(
          source.name()
              + ": folder(s) "
              + shown(note.partitionLikeFolders)
              + " look like partitions of a declared column; folders are never read as columns,"
              + " the rows' own values are kept");
    }
    return remarks;
  }

  private static String shown(List<String> names) {
    String shown = names.stream().limit(NAMES_SHOWN).collect(Collectors.joining(", "));
    return names.size() > NAMES_SHOWN
        ? shown + " and " + (names.size() - NAMES_SHOWN) + " more"
        : shown;
  }

  private SourceTally ingest(
      JobContext<IngestFilesConfig> context,
      FileSourceSpec source,
      SourceTally tally,
      SourceNotes note) {
    SparkSession spark = context.spark();
    FileDelivery delivery = source.delivery();
    note.logTable = context.pathOf(delivery.logTable());
    FileSystem fs = requireFolder(spark, source);
    IngestLog log = IngestLog.open(context, source.name(), delivery.logTable());
    IngestBatchWriter writer = writer(context, source, tally);
    try {
      Set<String> replayed = new HashSet<>();
      Optional<List<IngestLog.BatchFile>> replay =
          log.batchToReplay(context.pathOf(source.bronze()), context.pathOf(source.quarantine()));
      if (replay.isPresent()) {
        replay.get().forEach(f -> replayed.add(f.file().uri()));
        load(context, source, fs, log, writer, log.pendingBatchId(), replay.get(), note);
      }
      FileListing.Result listing = FileListing.list(fs, source, System.currentTimeMillis());
      note.skipped.addAll(listing.skipped());
      note.partitionLikeFolders.addAll(listing.partitionLikeFolders());
      List<IngestLog.BatchFile> fresh = new ArrayList<>();
      List<IngestLog.BatchFile> again = new ArrayList<>();
      Set<String> toReprocess = new HashSet<>(delivery.reprocess());
      for (FileListing.ListedFile file : listing.ready()) {
        if (replayed.contains(file.uri())) {
          continue;
        }
        IngestLog.LoadedFile before = log.loaded().get(file.uri());
        boolean named = toReprocess.remove(file.relative());
        if (before == null) {
          fresh.add(new IngestLog.BatchFile(file, "new"));
        } else if (named) {
          again.add(new IngestLog.BatchFile(file, "reprocess"));
        } else if ((before.size() >= 0 && before.size() != file.size())
            || before.modified() != file.modified()) {
          switch (delivery.onChangedFile()) {
            case REPROCESS -> again.add(new IngestLog.BatchFile(file, "changed"));
            case WARN -> note.changedNotLoaded.add(file.relative());
            case FAIL ->
                throw new JobFailure(
                    "Source '"
                        + source.name()
                        + "': file "
                        + file.relative()
                        + " changed since run "
                        + before.runId()
                        + " loaded it (size "
                        + before.size()
                        + " -> "
                        + file.size()
                        + " bytes). Reload it with --set mljobs.sources."
                        + source.name()
                        + ".reprocess=["
                        + file.relative()
                        + "], or set on-changed-file = reprocess or warn.");
          }
        }
      }
      if (!toReprocess.isEmpty()) {
        throw new ConfigError(
            "mljobs.sources." + source.name() + ".reprocess",
            "Config key 'mljobs.sources."
                + source.name()
                + ".reprocess' names "
                + toReprocess
                + ", not ready files under "
                + source.path()
                + ". Name files by their path below the source folder (e.g. day1.csv).");
      }
      long batchId = log.nextBatchId();
      // Files that replace earlier rows go in batches of their own: a batch's bronze commit either
      // appends or replaces.
      for (List<IngestLog.BatchFile> files : batches(fresh, source)) {
        log.planned(batchId, files);
        load(context, source, fs, log, writer, batchId++, files, note);
      }
      for (List<IngestLog.BatchFile> files : batches(again, source)) {
        log.planned(batchId, files);
        load(context, source, fs, log, writer, batchId++, files, note);
        files.forEach(f -> note.replaced.add(f.file().relative()));
      }
    } catch (MostlyMalformed e) {
      note.malformedFile = e.getMessage();
    } catch (IOException e) {
      throw new JobFailure(
          "Source '" + source.name() + "': cannot list '" + source.path() + "': " + e.getMessage(),
          e);
    }
    return tally;
  }

  /** Thrown when a file is over max-malformed-fraction; the run then exits 3. */
  private static final class MostlyMalformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MostlyMalformed(String message) {
      super(message);
    }
  }

  private static List<List<IngestLog.BatchFile>> batches(
      List<IngestLog.BatchFile> files, FileSourceSpec source) {
    int size = source.maxFilesPerBatch().orElse(Integer.MAX_VALUE);
    List<List<IngestLog.BatchFile>> batches = new ArrayList<>();
    for (int i = 0; i < files.size(); i += size) {
      batches.add(List.copyOf(files.subList(i, Math.min(files.size(), i + size))));
    }
    return batches;
  }

  /** Reads and writes one batch, then logs its files as loaded. */
  private static void load(
      JobContext<IngestFilesConfig> context,
      FileSourceSpec source,
      FileSystem fs,
      IngestLog log,
      IngestBatchWriter writer,
      long batchId,
      List<IngestLog.BatchFile> files,
      SourceNotes note)
      throws IOException {
    List<FileListing.ListedFile> listed = files.stream().map(IngestLog.BatchFile::file).toList();
    Map<String, CsvHeader> headers = headers(fs, source, listed);
    List<String> replacing =
        files.stream().filter(f -> !f.action().equals("new")).map(f -> f.file().uri()).toList();
    IngestBatchWriter.Replace replace = replacing.isEmpty() ? null : replace(replacing);
    IngestBatchWriter.BatchResult result;
    try {
      result =
          writer.write(
              FileBatchReader.read(context.spark(), source, listed, headers),
              log.appId(),
              batchId,
              replace);
    } catch (Exception e) { // Spark throws SparkException (checked) undeclared
      String malformed = malformedMessage(e);
      if (malformed != null) {
        throw new MostlyMalformed("Source '" + source.name() + "': " + malformed);
      }
      throw new JobFailure(
          "Ingesting source '"
              + source.name()
              + "' from "
              + source.path()
              + " failed: "
              + Failures.rootMessage(
                  e, context.spark().sparkContext().hadoopConfiguration(), source.path())
              + Failures.adviceFor(
                  e,
                  ". Fix or move the offending file and re-run; nothing of the failed batch was committed twice."),
          e);
    }
    Map<String, String> fingerprints = new HashMap<>();
    result
        .fingerprints()
        .forEach((position, print) -> fingerprints.put(FileListing.key(position), print));
    for (IngestLog.BatchFile f : files) {
      String print = fingerprints.get(f.file().uri());
      if (print == null) {
        continue;
      }
      String earlier = note.contentSeen.putIfAbsent(print, f.file().relative());
      if (earlier == null) {
        earlier =
            log.loaded().values().stream()
                .filter(l -> print.equals(l.fingerprint()) && !l.uri().equals(f.file().uri()))
                .map(l -> l.relative() + " (run " + l.runId() + ")")
                .findFirst()
                .orElse(null);
      }
      if (earlier != null && !earlier.equals(f.file().relative())) {
        note.duplicates.add(f.file().relative() + " has the same rows as " + earlier);
      }
    }
    log.loaded(
        batchId,
        files,
        byKey(result.rowsPerPosition()),
        byKey(result.rejectsPerPosition()),
        fingerprints);
  }

  private static Map<String, Long> byKey(Map<String, Long> perPosition) {
    Map<String, Long> keyed = new HashMap<>();
    perPosition.forEach((position, n) -> keyed.merge(FileListing.key(position), n, Long::sum));
    return keyed;
  }

  /** The malformed-share message of a task {@link BatchTally} failed, if that is the cause. */
  private static String malformedMessage(Throwable e) {
    List<Throwable> seen = new ArrayList<>();
    for (Throwable t = e; t != null && !seen.contains(t); t = t.getCause()) {
      seen.add(t);
      String message = t.getMessage();
      if (message != null && message.contains(BatchTally.MALFORMED_MARKER)) {
        int start = message.indexOf("File ");
        String line = message.substring(Math.max(0, start)).lines().findFirst().orElse(message);
        int end = line.indexOf(BatchTally.MALFORMED_MARKER);
        int stop = line.indexOf(' ', end + BatchTally.MALFORMED_MARKER.length() + 1);
        return stop > 0 ? line.substring(0, stop) : line;
      }
    }
    return null;
  }

  /** Predicates that select the earlier rows of {@code uris} in bronze and quarantine. */
  static IngestBatchWriter.Replace replace(List<String> uris) {
    List<String> spellings = uris.stream().flatMap(u -> FileListing.spellings(u).stream()).toList();
    String list =
        spellings.stream().map(IngestFilesJob::sqlString).collect(Collectors.joining(", "));
    String quarantine =
        "source_position IN ("
            + list
            + ")"
            + spellings.stream()
                .map(
                    u ->
                        " OR startswith(source_position, "
                            + sqlString(u + ":")
                            + ") OR startswith(source_position, "
                            + sqlString(u + " (")
                            + ")")
                .collect(Collectors.joining());
    return new IngestBatchWriter.Replace("`" + SOURCE_FILE + "` IN (" + list + ")", quarantine);
  }

  private static String sqlString(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /**
   * The headers of CSV files with headers (by URI), else empty; fails on a misfit if so configured.
   */
  private static Map<String, CsvHeader> headers(
      FileSystem fs, FileSourceSpec source, List<FileListing.ListedFile> files) throws IOException {
    if (!source.format().equals("csv") || !CsvHeader.hasHeader(source.options())) {
      return Map.of();
    }
    Map<String, CsvHeader> headers = new HashMap<>();
    for (FileListing.ListedFile file : files) {
      CsvHeader header =
          CsvHeader.read(fs, new Path(file.path()), source.options(), source.schema());
      if (header.problem() != null
          && source.delivery().onHeaderMismatch() == FileDelivery.OnHeaderMismatch.FAIL) {
        throw new JobFailure(
            "Source '"
                + source.name()
                + "': file "
                + file.relative()
                + ": "
                + header.problem()
                + ". Fix the file's header or the schema (or set on-header-mismatch = quarantine).");
      }
      headers.put(file.uri(), header);
    }
    return headers;
  }

  private static IngestBatchWriter writer(
      JobContext<IngestFilesConfig> context, FileSourceSpec source, SourceTally tally) {
    IngestBatchWriter.Landing landing =
        new IngestBatchWriter.Landing(
            NAME,
            source.name(),
            source.schema(),
            source.bronze(),
            source.quarantine(),
            source.partitionBy(),
            List.of(SOURCE_FILE),
            col(FileBatchReader.SOURCE_POSITION),
            List.of(SOURCE_FILE),
            col(FileBatchReader.ROW_HASH));
    DeclaredSchema schema = source.schema();
    String corrupt = source.isText() ? CORRUPT : null;
    Map<String, String> options = source.options();
    return new IngestBatchWriter(
        context,
        landing,
        batch -> conform(batch, schema, corrupt, options),
        tally,
        context.config().rejectsInMemory(),
        source.delivery().maxMalformedFraction());
  }

  /**
   * Conforms a batch; lines of a CSV file whose header does not fit are rejected with the header
   * problem as their reason (rule {@code header}), and a malformed CSV record says how many fields
   * it has and how many were expected.
   */
  static Dataset<Row> conform(
      Dataset<Row> batch, DeclaredSchema schema, String corrupt, Map<String, String> options) {
    Dataset<Row> conformed = SchemaConformer.conform(batch, schema, corrupt);
    List<String> columns = Arrays.asList(batch.columns());
    if (columns.contains(FileBatchReader.EXPECTED_FIELDS)) {
      Column expected = col(FileBatchReader.EXPECTED_FIELDS);
      Column found =
          functions
              .udf(new CsvHeader.FieldCount(options), DataTypes.IntegerType)
              .apply(col(SchemaConformer.RAW));
      // Null-safe, so that the field count is only taken of malformed rows.
      Column malformed = col(SchemaConformer.RULE).eqNullSafe(lit(BatchTally.MALFORMED));
      conformed =
          conformed.withColumn(
              SchemaConformer.REASON,
              when(
                      malformed.and(expected.isNotNull()).and(found.notEqual(expected)),
                      regexp_replace(
                          col(SchemaConformer.REASON),
                          lit("^malformed record: does not parse as the declared columns"),
                          concat(
                              lit("malformed record: "),
                              found.cast(DataTypes.StringType),
                              lit(" field(s), expected "),
                              expected.cast(DataTypes.StringType))))
                  .otherwise(col(SchemaConformer.REASON)));
    }
    if (!columns.contains(FileBatchReader.HEADER_PROBLEM)) {
      return conformed;
    }
    Column problem = col(FileBatchReader.HEADER_PROBLEM);
    return conformed
        .withColumn(SchemaConformer.REASON, coalesce(problem, col(SchemaConformer.REASON)))
        .withColumn(
            SchemaConformer.RULE,
            when(problem.isNotNull(), lit("header")).otherwise(col(SchemaConformer.RULE)));
  }

  private static FileSystem requireFolder(SparkSession spark, FileSourceSpec source) {
    Path path = new Path(source.path());
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        throw new JobFailure(
            "Source '"
                + source.name()
                + "': path '"
                + source.path()
                + "' does not exist. Create it, or fix mljobs.sources."
                + source.name()
                + ".path.");
      }
      if (!fs.getFileStatus(path).isDirectory()) {
        throw new JobFailure(
            "Source '"
                + source.name()
                + "': path '"
                + source.path()
                + "' is a file; point mljobs.sources."
                + source.name()
                + ".path at the folder that holds the files (use glob to filter them).");
      }
      return fs;
    } catch (IOException e) {
      throw new JobFailure(
          "Source '" + source.name() + "': cannot reach '" + source.path() + "': " + e.getMessage(),
          e);
    }
  }
}
