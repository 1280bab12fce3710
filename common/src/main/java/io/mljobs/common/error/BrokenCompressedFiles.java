package io.mljobs.common.error;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * Finds the compressed file that a read failed on. Spark 3.5 reports a truncated or corrupt gzip
 * only as "Unexpected end of input stream", without the file; this decompresses the candidates
 * (newest first, with Hadoop's codecs, as Spark does) until one fails. Runs on the failure path
 * only, within a budget of files and time.
 */
final class BrokenCompressedFiles {
  private static final int MAX_FILES = 500;
  private static final Duration BUDGET = Duration.ofSeconds(60);

  private BrokenCompressedFiles() {}

  /** The first compressed file under {@code location} (a file, folder or glob) that fails. */
  static String find(Configuration hadoop, String location) {
    long deadline = System.nanoTime() + BUDGET.toNanos();
    CompressionCodecFactory codecs = new CompressionCodecFactory(hadoop);
    try {
      Path path = new Path(location);
      FileSystem fs = path.getFileSystem(hadoop);
      List<FileStatus> candidates = new ArrayList<>();
      FileStatus[] matched = fs.globStatus(path);
      for (FileStatus status : matched == null ? new FileStatus[0] : matched) {
        if (status.isDirectory()) {
          RemoteIterator<LocatedFileStatus> files = fs.listFiles(status.getPath(), true);
          while (files.hasNext() && candidates.size() < MAX_FILES * 4) {
            candidates.add(files.next());
          }
        } else {
          candidates.add(status);
        }
      }
      candidates.sort(Comparator.comparingLong(FileStatus::getModificationTime).reversed());
      int probed = 0;
      for (FileStatus file : candidates) {
        CompressionCodec codec = codecs.getCodec(file.getPath());
        if (codec == null) {
          continue;
        }
        if (++probed > MAX_FILES || System.nanoTime() > deadline) {
          return null;
        }
        if (!decompresses(fs, codec, file.getPath())) {
          return file.getPath().toString();
        }
      }
    } catch (IOException | RuntimeException e) {
      return null; // the location itself cannot be listed: the message stays without a file
    }
    return null;
  }

  private static boolean decompresses(FileSystem fs, CompressionCodec codec, Path file) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = codec.createInputStream(fs.open(file))) {
      while (in.read(buffer) >= 0) {
        // read to the end: a truncated stream fails only there
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
