package io.mljobs.jobs.demo;

import java.util.List;
import java.util.Locale;

/** Renders a {@link DemoDataSummary} as the deterministic, hand-written {@code MANIFEST.json}. */
final class DemoManifestJson {

  /** Bumped when the layout or a file format changes. */
  static final int FORMAT_VERSION = 1;

  private DemoManifestJson() {}

  static String render(DemoDataSummary summary) {
    DemoDataSpec spec = summary.spec();
    StringBuilder sb = new StringBuilder(256 + 160 * summary.files().size());
    sb.append("{\n");
    sb.append("  \"format_version\": ").append(FORMAT_VERSION).append(",\n");
    sb.append("  \"spec\": {\n");
    sb.append("    \"seed\": ").append(spec.seed()).append(",\n");
    sb.append("    \"start_date\": ").append(JsonLines.quote(spec.startDate().toString()));
    sb.append(",\n");
    sb.append("    \"days\": ").append(spec.days()).append(",\n");
    sb.append("    \"rows_per_day\": ").append(spec.rowsPerDay()).append(",\n");
    sb.append("    \"customers\": ").append(spec.customers()).append(",\n");
    sb.append("    \"merchants\": ").append(spec.merchants()).append(",\n");
    sb.append("    \"drift_from\": ")
        .append(spec.driftFrom() == null ? "null" : JsonLines.quote(spec.driftFrom().toString()))
        .append(",\n");
    sb.append("    \"malformed_rate\": ").append(Double.toString(spec.malformedRate()));
    sb.append("\n  },\n");
    sb.append("  \"feeds\": {\n");
    Feed[] feeds = Feed.values();
    for (int i = 0; i < feeds.length; i++) {
      Feed feed = feeds[i];
      sb.append("    ").append(JsonLines.quote(feed.name().toLowerCase(Locale.ROOT)));
      sb.append(": {\"rows_per_day\": ").append(spec.rowsPerDay(feed));
      sb.append(", \"malformed_per_day\": ").append(spec.malformedPerDay(feed)).append('}');
      sb.append(i + 1 < feeds.length ? ",\n" : "\n");
    }
    sb.append("  },\n");
    sb.append("  \"stream_line_format\": \"key<TAB>json-value\",\n");
    sb.append("  \"total_rows\": ").append(summary.totalRows()).append(",\n");
    sb.append("  \"total_malformed_rows\": ").append(summary.totalMalformedRows()).append(",\n");
    sb.append("  \"files\": [");
    List<DemoDataSummary.FileEntry> files = summary.files();
    for (int i = 0; i < files.size(); i++) {
      DemoDataSummary.FileEntry f = files.get(i);
      sb.append(i == 0 ? "\n" : ",\n");
      sb.append("    {\"path\": ").append(JsonLines.quote(f.path()));
      sb.append(", \"rows\": ").append(f.rows());
      sb.append(", \"malformed_rows\": ").append(f.malformedRows());
      sb.append(", \"malformed_row_numbers\": [");
      for (int j = 0; j < f.malformedRowNumbers().size(); j++) {
        sb.append(j == 0 ? "" : ", ").append(f.malformedRowNumbers().get(j));
      }
      sb.append("], \"sha256\": ").append(JsonLines.quote(f.sha256())).append('}');
    }
    sb.append(files.isEmpty() ? "]\n" : "\n  ]\n");
    sb.append("}\n");
    return sb.toString();
  }
}
