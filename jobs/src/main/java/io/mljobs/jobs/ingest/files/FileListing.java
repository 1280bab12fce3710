package io.mljobs.jobs.ingest.files;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobFilter;
import org.apache.hadoop.fs.Path;

/**
 * The files of a source folder that are ready to load: listed recursively (names starting with '_'
 * or '.' are hidden, as Spark hides them), matched by the source's glob, and not empty, not still
 * settling, and marked done when the source asks for a done-marker. Files that are not ready are
 * returned as skipped with the reason; they are not marked processed, so a later run takes them.
 */
final class FileListing {
  /**
   * A file found in the source folder.
   *
   * @param uri the file's URI as Spark names it ({@code _metadata.file_path}, bronze's {@code
   *     _source_file})
   * @param path the Hadoop path to read it from
   * @param relative its path below the source folder
   * @param size bytes
   * @param modified modification time, epoch milliseconds
   */
  record ListedFile(String uri, String path, String relative, long size, long modified) {}

  /** A file left for a later run, and why. */
  record Skipped(String relative, String reason) {}

  /**
   * @param ready files that can be loaded, oldest first
   * @param skipped files not ready yet
   * @param partitionLikeFolders folders named {@code <column>=<value>} after a declared column:
   *     never read as partition columns (the rows' own values are kept)
   */
  record Result(List<ListedFile> ready, List<Skipped> skipped, List<String> partitionLikeFolders) {}

  private FileListing() {}

  /**
   * One spelling of a file URI, so that a listed file and Spark's {@code _metadata.file_path} of it
   * compare equal: local files as {@code file:/path} (Hadoop writes {@code file:///path} too).
   */
  static String key(String uri) {
    return uri.startsWith("file:///") ? "file:/" + uri.substring("file:///".length()) : uri;
  }

  /** Every spelling of a file URI that {@link #key} maps to the same key. */
  static List<String> spellings(String uri) {
    String key = key(uri);
    return key.startsWith("file:/") && !key.startsWith("file://")
        ? List.of(key, "file:///" + key.substring("file:/".length()))
        : List.of(key);
  }

  static Result list(FileSystem fs, FileSourceSpec source, long nowMillis) throws IOException {
    Path root = fs.makeQualified(new Path(source.path()));
    GlobFilter glob = new GlobFilter(source.glob());
    Set<String> columns = new HashSet<>();
    source.schema().columnNames().forEach(c -> columns.add(c.toLowerCase(Locale.ROOT)));
    List<ListedFile> ready = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    List<String> partitionLike = new ArrayList<>();
    walk(fs, root, "", glob, source.delivery(), nowMillis, columns, ready, skipped, partitionLike);
    ready.sort(Comparator.comparingLong(ListedFile::modified).thenComparing(ListedFile::uri));
    skipped.sort(Comparator.comparing(Skipped::relative));
    return new Result(ready, skipped, partitionLike);
  }

  private static void walk(
      FileSystem fs,
      Path folder,
      String relativeFolder,
      GlobFilter glob,
      FileDelivery delivery,
      long now,
      Set<String> columns,
      List<ListedFile> ready,
      List<Skipped> skipped,
      List<String> partitionLike)
      throws IOException {
    FileStatus[] entries = fs.listStatus(folder);
    Set<String> names = new HashSet<>();
    for (FileStatus entry : entries) {
      names.add(entry.getPath().getName());
    }
    String folderMarker =
        delivery.doneMarker().isEmpty() || delivery.sidecarMarker() ? null : delivery.doneMarker();
    for (FileStatus entry : entries) {
      String name = entry.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      String relative = relativeFolder.isEmpty() ? name : relativeFolder + "/" + name;
      if (entry.isDirectory()) {
        int eq = name.indexOf('=');
        if (eq > 0 && columns.contains(name.substring(0, eq).toLowerCase(Locale.ROOT))) {
          partitionLike.add(relative);
        }
        walk(
            fs,
            entry.getPath(),
            relative,
            glob,
            delivery,
            now,
            columns,
            ready,
            skipped,
            partitionLike);
        continue;
      }
      if (delivery.sidecarMarker() && name.endsWith(delivery.doneMarker())) {
        continue; // the marker of another file
      }
      if (!glob.accept(entry.getPath())) {
        continue;
      }
      String reason = notReady(entry, names, folderMarker, delivery, now);
      if (reason != null) {
        skipped.add(new Skipped(relative, reason));
      } else {
        ready.add(
            new ListedFile(
                key(entry.getPath().toUri().toString()),
                entry.getPath().toString(),
                relative,
                entry.getLen(),
                entry.getModificationTime()));
      }
    }
  }

  private static String notReady(
      FileStatus file, Set<String> siblings, String folderMarker, FileDelivery delivery, long now) {
    if (file.getLen() == 0) {
      return "empty";
    }
    long age = now - file.getModificationTime();
    if (age < delivery.settleTime().toMillis()) {
      return "modified "
          + Math.max(0, age / 1000)
          + "s ago (settle-time "
          + delivery.settleTime().toSeconds()
          + "s)";
    }
    if (folderMarker != null && !siblings.contains(folderMarker)) {
      return "no " + folderMarker + " in its folder yet";
    }
    if (delivery.sidecarMarker()
        && !siblings.contains(file.getPath().getName() + delivery.doneMarker())) {
      return "no " + file.getPath().getName() + delivery.doneMarker() + " yet";
    }
    return null;
  }
}
