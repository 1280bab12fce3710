package io.mljobs.jobs.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataWriterTest {

  private static final LocalDate START = LocalDate.of(2026, 11, 1);
  private static final DemoDataSpec SPEC =
      new DemoDataSpec(5L, START, 3, 1_000, 400, 30, START.plusDays(2), 0.004);

  @TempDir static Path dir;
  private static Path out;
  private static DemoDataSummary summary;

  @BeforeAll
  static void writeOnce() throws IOException {
    out = dir.resolve("three-days");
    summary = new DemoDataWriter(SPEC).write(out);
  }

  @Test
  void writesTheDocumentedLayoutAndNothingElse() throws IOException {
    Set<String> expected = new TreeSet<>();
    expected.add("raw/MANIFEST.json");
    expected.add("raw/merchants/merchants.csv");
    expected.add("raw/customers/customers.csv");
    for (String day : List.of("2026-11-01", "2026-11-02", "2026-11-03")) {
      expected.add("raw/pos/transactions_" + day + ".csv");
      expected.add("raw/web/transactions_" + day + ".jsonl");
      expected.add("raw/stream/events_" + day + ".jsonl");
      expected.add("raw/customers/customers_updates_" + day + ".csv");
    }
    expected.add("raw/labels/labels_2026-11-02.csv");
    expected.add("raw/labels/labels_2026-11-03.csv");

    assertEquals(expected, filesUnder(out));
    Set<String> summarized =
        summary.files().stream().map(DemoDataSummary.FileEntry::path).collect(Collectors.toSet());
    expected.remove(DemoDataSummary.MANIFEST_PATH);
    assertEquals(expected, summarized);
    List<String> paths = summary.files().stream().map(DemoDataSummary.FileEntry::path).toList();
    assertEquals(paths.stream().sorted().toList(), paths);
  }

  @Test
  void sameSpecWritesByteIdenticalFiles() throws IOException {
    Path again = dir.resolve("again");
    DemoDataSummary second = new DemoDataWriter(new DemoDataGenerator(SPEC)).write(again);

    assertEquals(summary, second);
    for (String path : filesUnder(out)) {
      assertEquals(-1L, Files.mismatch(out.resolve(path), again.resolve(path)), path);
    }
  }

  @Test
  void fewerDaysWriteAPrefixOfMoreDays() throws IOException {
    Path longer = dir.resolve("five-days");
    DemoDataSummary five = new DemoDataWriter(SPEC.withDays(5)).write(longer);

    for (DemoDataSummary.FileEntry entry : summary.files()) {
      assertEquals(entry, five.file(entry.path()).orElseThrow(), entry.path());
      assertEquals(-1L, Files.mismatch(out.resolve(entry.path()), longer.resolve(entry.path())));
    }
    assertTrue(five.file("raw/labels/labels_2026-11-05.csv").isPresent());
  }

  @Test
  void summaryMatchesTheFiles() throws Exception {
    for (DemoDataSummary.FileEntry entry : summary.files()) {
      Path file = out.resolve(entry.path());
      byte[] bytes = Files.readAllBytes(file);
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      assertEquals(sha, entry.sha256(), entry.path());
      String text = new String(bytes, StandardCharsets.UTF_8);
      assertFalse(text.contains("\r"), entry.path());
      assertTrue(text.endsWith("\n"), entry.path());
      assertEquals(entry.rows(), dataLines(file).size(), entry.path());
    }
  }

  @Test
  void everyFeedRowEndsUpInBronzeOrQuarantineAsTheSummarySays() throws IOException {
    long quarantined = 0;
    for (LocalDate date : SPEC.dates()) {
      for (Feed feed : Feed.values()) {
        DemoDataSummary.FileEntry entry = summary.file(feed.relativePath(date)).orElseThrow();
        List<String> lines = dataLines(out.resolve(entry.path()));
        List<Integer> malformed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
          if (BronzeCheck.parse(feed, lines.get(i)).isEmpty()) {
            malformed.add(i + 1);
          }
        }
        assertEquals(SPEC.rowsPerDay(feed), entry.rows());
        assertEquals(SPEC.malformedPerDay(feed), entry.malformedRows());
        assertEquals(entry.malformedRowNumbers(), malformed, entry.path());
        quarantined += malformed.size();
      }
    }
    assertEquals(summary.totalMalformedRows(), quarantined);
    assertTrue(quarantined >= SPEC.days() * 3);
  }

  @Test
  void labelsArriveLateAndOnlyForValidTransactions() throws IOException {
    Map<String, LocalDate> validTransactionDay = new HashMap<>();
    for (LocalDate date : SPEC.dates()) {
      for (Feed feed : Feed.values()) {
        for (String line : dataLines(out.resolve(feed.relativePath(date)))) {
          BronzeCheck.parse(feed, line)
              .ifPresent(t -> validTransactionDay.put(t.transactionId(), date));
        }
      }
    }
    Set<String> labelled = new HashSet<>();
    int fraud = 0;
    for (LocalDate arrival : List.of(START.plusDays(1), START.plusDays(2))) {
      Path file = out.resolve(DemoDataWriter.labelsPath(arrival));
      assertEquals(DemoFormats.LABELS_CSV_HEADER, Files.readAllLines(file).get(0));
      for (String line : dataLines(file)) {
        List<String> f = StrictCsv.parse(line);
        assertEquals(4, f.size());
        String id = f.get(0);
        LocalDate day = validTransactionDay.get(id);
        assertTrue(day != null, "label for unknown or malformed transaction " + id);
        assertTrue(labelled.add(id), "duplicate label " + id);
        int delay = day.until(arrival).getDays();
        assertTrue(delay >= 1 && delay <= 10, "delay " + delay);
        assertTrue(Set.of("0", "1").contains(f.get(1)));
        fraud += f.get(1).equals("1") ? 1 : 0;
        assertEquals(arrival, LocalDate.ofInstant(Instant.parse(f.get(2)), ZoneOffset.UTC));
        assertFalse(f.get(3).isEmpty());
      }
    }
    assertTrue(fraud > 0);
    Set<String> expected = new HashSet<>();
    DemoDataGenerator generator = new DemoDataGenerator(SPEC);
    for (LocalDate date : SPEC.dates()) {
      for (Feed feed : Feed.values()) {
        generator
            .rows(feed, date)
            .filter(row -> !row.malformed() && SPEC.covers(row.label().arrivalDate()))
            .forEach(row -> expected.add(row.label().transactionId()));
      }
    }
    assertEquals(expected, labelled);
    assertTrue(labelled.size() < validTransactionDay.size(), "late labels are not written");
  }

  @Test
  void referenceFilesAreRfc4180WithHeaders() throws IOException {
    List<String> merchants = Files.readAllLines(out.resolve(DemoDataWriter.MERCHANTS_PATH));
    assertEquals("merchant_id,name,category,country,risk_tier,onboarded_date", merchants.get(0));
    assertEquals(SPEC.merchants() + 3, merchants.size() - 1);
    for (String line : merchants) {
      assertEquals(6, StrictCsv.parse(line).size(), line);
    }
    assertTrue(merchants.stream().anyMatch(l -> l.contains(",crypto_exchange,")));

    List<String> customers =
        Files.readAllLines(out.resolve(DemoDataWriter.CUSTOMERS_PATH), StandardCharsets.UTF_8);
    assertEquals(
        "customer_id,name,email,birth_year,country,segment,credit_limit,created_at,updated_at",
        customers.get(0));
    assertEquals(SPEC.customers(), customers.size() - 1);
    for (String line : customers.subList(1, customers.size())) {
      List<String> f = StrictCsv.parse(line);
      assertEquals(9, f.size(), line);
      assertEquals(2, new BigDecimal(f.get(6)).scale());
      Instant.parse(f.get(7));
      Instant.parse(f.get(8));
    }
  }

  @Test
  void manifestDescribesSpecAndFiles() throws IOException {
    String text = Files.readString(out.resolve(DemoDataSummary.MANIFEST_PATH));
    Map<String, Object> manifest = MiniJson.parseObject(text);

    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) manifest.get("spec");
    assertEquals(new BigDecimal("5"), spec.get("seed"));
    assertEquals("2026-11-01", spec.get("start_date"));
    assertEquals(new BigDecimal("3"), spec.get("days"));
    assertEquals("2026-11-03", spec.get("drift_from"));
    assertEquals(new BigDecimal("0.004"), spec.get("malformed_rate"));

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> files = (List<Map<String, Object>>) manifest.get("files");
    assertEquals(summary.files().size(), files.size());
    for (int i = 0; i < files.size(); i++) {
      DemoDataSummary.FileEntry entry = summary.files().get(i);
      Map<String, Object> file = files.get(i);
      assertEquals(entry.path(), file.get("path"));
      assertEquals(BigDecimal.valueOf(entry.rows()), file.get("rows"));
      assertEquals(BigDecimal.valueOf(entry.malformedRows()), file.get("malformed_rows"));
      assertEquals(
          entry.malformedRowNumbers().stream().map(BigDecimal::valueOf).toList(),
          file.get("malformed_row_numbers"));
      assertEquals(entry.sha256(), file.get("sha256"));
    }
    assertEquals(BigDecimal.valueOf(summary.totalRows()), manifest.get("total_rows"));
  }

  /** Data lines of a file: a CSV header is dropped. */
  private static List<String> dataLines(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return file.toString().endsWith(".csv") ? lines.subList(1, lines.size()) : lines;
  }

  private static Set<String> filesUnder(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
