package io.mljobs.jobs.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A UTF-8 text file written line by line with {@code '\n'} endings, counting data rows and hashing
 * its bytes (SHA-256) while it streams.
 */
final class TrackedFile implements AutoCloseable {

  private final String relativePath;
  private final MessageDigest digest;
  private final Writer out;
  private final List<Integer> malformedRowNumbers = new ArrayList<>();
  private long rows;
  private boolean closed;

  TrackedFile(Path outputDir, String relativePath) throws IOException {
    this.relativePath = relativePath;
    Path path = outputDir.resolve(relativePath);
    Files.createDirectories(path.getParent());
    this.digest = sha256();
    this.out =
        new BufferedWriter(
            new OutputStreamWriter(
                new DigestOutputStream(Files.newOutputStream(path), digest),
                StandardCharsets.UTF_8),
            1 << 16);
  }

  /** Writes a line that is not a data row (a CSV header). */
  void header(String line) throws IOException {
    out.write(line);
    out.write('\n');
  }

  /** Writes a data row. */
  void row(String line) throws IOException {
    out.write(line);
    out.write('\n');
    rows++;
  }

  /** Writes a data row that is deliberately malformed. */
  void malformedRow(String line) throws IOException {
    row(line);
    malformedRowNumbers.add((int) rows);
  }

  /** Closes the file and describes it. */
  DemoDataSummary.FileEntry finish() throws IOException {
    close();
    return new DemoDataSummary.FileEntry(
        relativePath, rows, malformedRowNumbers, HexFormat.of().formatHex(digest.digest()));
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
