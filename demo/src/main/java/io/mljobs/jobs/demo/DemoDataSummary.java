package io.mljobs.jobs.demo;

import java.util.List;
import java.util.Optional;

/**
 * What {@link DemoDataWriter} wrote: every data file (the manifest itself excluded), ordered by
 * path.
 *
 * @param spec the spec the files were generated from
 * @param files one entry per written file, ordered by path
 */
public record DemoDataSummary(DemoDataSpec spec, List<FileEntry> files) {

  /** Path of the manifest, relative to the output directory. */
  public static final String MANIFEST_PATH = "raw/MANIFEST.json";

  /** Copies {@code files} into an unmodifiable list. */
  public DemoDataSummary {
    files = List.copyOf(files);
  }

  /** The entry for {@code path} (relative, '/'-separated), if such a file was written. */
  public Optional<FileEntry> file(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst();
  }

  /** Data rows of all files. */
  public long totalRows() {
    return files.stream().mapToLong(FileEntry::rows).sum();
  }

  /** Malformed rows of all files. */
  public long totalMalformedRows() {
    return files.stream().mapToLong(FileEntry::malformedRows).sum();
  }

  /**
   * One written file.
   *
   * @param path path relative to the output directory, '/'-separated, e.g. {@code
   *     raw/pos/transactions_2026-11-01.csv}
   * @param rows data rows (lines), header excluded, malformed rows included
   * @param malformedRowNumbers 1-based data row numbers of the malformed rows, ascending; data row
   *     r of a CSV file is physical line r + 1, of a JSON-lines file line r
   * @param sha256 lowercase hex SHA-256 of the file's bytes
   */
  public record FileEntry(
      String path, long rows, List<Integer> malformedRowNumbers, String sha256) {

    /** Copies {@code malformedRowNumbers} into an unmodifiable list. */
    public FileEntry {
      malformedRowNumbers = List.copyOf(malformedRowNumbers);
    }

    /** Number of malformed rows. */
    public long malformedRows() {
      return malformedRowNumbers.size();
    }
  }
}
