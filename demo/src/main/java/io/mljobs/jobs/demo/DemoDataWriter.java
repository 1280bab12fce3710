package io.mljobs.jobs.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes the demo data of a {@link DemoDataGenerator} under an output directory, streaming row by
 * row (memory does not grow with rows per day):
 *
 * <pre>
 * raw/pos/transactions_&lt;date&gt;.csv       POS transactions, CSV with header
 * raw/web/transactions_&lt;date&gt;.jsonl     web transactions, one JSON object per line
 * raw/stream/events_&lt;date&gt;.jsonl        Kafka events: key (transaction id), TAB, JSON value
 * raw/merchants/merchants.csv
 * raw/customers/customers.csv             base snapshot (updated_at before the start date)
 * raw/customers/customers_updates_&lt;date&gt;.csv   one per generated day
 * raw/labels/labels_&lt;arrival-date&gt;.csv  one per generated day after the first
 * raw/MANIFEST.json                       spec, per-feed sizes, every file's rows and sha256
 * </pre>
 *
 * <p>Only labels whose arrival date lies within the generated days are written; labels of the last
 * days' transactions that would arrive later are dropped, and malformed rows get no label. All
 * files are UTF-8 with {@code '\n'} line endings; existing files are overwritten, other files are
 * left alone. The same spec always produces byte-identical files.
 *
 * <p>Every row of every file is one physical line (no field contains a line break), and no valid
 * transaction row contains a quote. Read the POS CSV line by line (Spark's default {@code
 * multiLine=false}); a multi-line CSV parser would let the deliberately unbalanced quote of a
 * {@link MalformedKind#CSV_UNBALANCED_QUOTE} row swallow the rows after it.
 */
public final class DemoDataWriter {

  /** Path of the merchants file, relative to the output directory. */
  public static final String MERCHANTS_PATH = "raw/merchants/merchants.csv";

  /** Path of the customers base snapshot, relative to the output directory. */
  public static final String CUSTOMERS_PATH = "raw/customers/customers.csv";

  private final DemoDataGenerator generator;

  /** A writer for the data of {@code generator}. */
  public DemoDataWriter(DemoDataGenerator generator) {
    if (generator == null) {
      throw new IllegalArgumentException("generator must not be null");
    }
    this.generator = generator;
  }

  /** A writer for the data of {@code spec}. */
  public DemoDataWriter(DemoDataSpec spec) {
    this(new DemoDataGenerator(spec));
  }

  /** Path of the labels file for {@code arrivalDate}, relative to the output directory. */
  public static String labelsPath(LocalDate arrivalDate) {
    return "raw/labels/labels_" + arrivalDate + ".csv";
  }

  /** Path of the customer updates file for {@code date}, relative to the output directory. */
  public static String customerUpdatesPath(LocalDate date) {
    return "raw/customers/customers_updates_" + date + ".csv";
  }

  /**
   * Writes every file and the manifest.
   *
   * @param outputDir directory that receives {@code raw/...}; created if missing
   * @return the written files (manifest excluded), ordered by path
   * @throws IOException if a directory or file cannot be written
   */
  public DemoDataSummary write(Path outputDir) throws IOException {
    DemoDataSpec spec = generator.spec();
    List<DemoDataSummary.FileEntry> entries = new ArrayList<>();
    entries.add(writeMerchants(outputDir));
    entries.add(writeCustomers(outputDir, CUSTOMERS_PATH, generator.customers()));
    Map<LocalDate, TrackedFile> labelFiles = new TreeMap<>();
    try {
      for (LocalDate date : spec.dates()) {
        for (Feed feed : Feed.values()) {
          entries.add(writeFeedDay(outputDir, feed, date, labelFiles));
        }
        entries.add(
            writeCustomers(outputDir, customerUpdatesPath(date), generator.customerUpdates(date)));
        // Labels arriving tomorrow all come from days up to today: that file is complete.
        LocalDate complete = date.plusDays(1);
        if (spec.covers(complete)) {
          TrackedFile file = labelFiles.remove(complete);
          entries.add((file != null ? file : openLabels(outputDir, complete)).finish());
        }
      }
    } finally {
      for (TrackedFile file : labelFiles.values()) {
        file.close();
      }
    }
    entries.sort(Comparator.comparing(DemoDataSummary.FileEntry::path));
    DemoDataSummary summary = new DemoDataSummary(spec, entries);
    Path manifest = outputDir.resolve(DemoDataSummary.MANIFEST_PATH);
    Files.createDirectories(manifest.getParent());
    Files.writeString(manifest, DemoManifestJson.render(summary), StandardCharsets.UTF_8);
    return summary;
  }

  private DemoDataSummary.FileEntry writeFeedDay(
      Path outputDir, Feed feed, LocalDate date, Map<LocalDate, TrackedFile> labelFiles)
      throws IOException {
    DemoDataSpec spec = generator.spec();
    try (TrackedFile file = new TrackedFile(outputDir, feed.relativePath(date));
        Stream<FeedRow> rows = generator.rows(feed, date)) {
      if (feed == Feed.POS) {
        file.header(DemoFormats.TRANSACTIONS_CSV_HEADER);
      }
      for (Iterator<FeedRow> it = rows.iterator(); it.hasNext(); ) {
        FeedRow row = it.next();
        if (row.malformed()) {
          file.malformedRow(row.line());
          continue;
        }
        file.row(row.line());
        LocalDate arrival = row.label().arrivalDate();
        if (spec.covers(arrival)) {
          TrackedFile labels = labelFiles.get(arrival);
          if (labels == null) {
            labels = openLabels(outputDir, arrival);
            labelFiles.put(arrival, labels);
          }
          labels.row(DemoFormats.labelCsv(row.label()));
        }
      }
      return file.finish();
    }
  }

  private static TrackedFile openLabels(Path outputDir, LocalDate arrival) throws IOException {
    TrackedFile file = new TrackedFile(outputDir, labelsPath(arrival));
    file.header(DemoFormats.LABELS_CSV_HEADER);
    return file;
  }

  private DemoDataSummary.FileEntry writeMerchants(Path outputDir) throws IOException {
    try (TrackedFile file = new TrackedFile(outputDir, MERCHANTS_PATH)) {
      file.header(DemoFormats.MERCHANTS_CSV_HEADER);
      for (Merchant merchant : generator.merchants()) {
        file.row(DemoFormats.merchantCsv(merchant));
      }
      return file.finish();
    }
  }

  private static DemoDataSummary.FileEntry writeCustomers(
      Path outputDir, String relativePath, Stream<Customer> customers) throws IOException {
    try (TrackedFile file = new TrackedFile(outputDir, relativePath);
        Stream<Customer> rows = customers) {
      file.header(DemoFormats.CUSTOMERS_CSV_HEADER);
      for (Iterator<Customer> it = rows.iterator(); it.hasNext(); ) {
        file.row(DemoFormats.customerCsv(it.next()));
      }
      return file.finish();
    }
  }
}
