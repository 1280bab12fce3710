package io.mljobs.jobs.ingest.files;

import io.mljobs.common.schema.ColumnSpec;
import io.mljobs.common.schema.DeclaredSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * The header line of a CSV file, matched by name to the declared schema: which declared column each
 * field is (case and surrounding spaces ignored), or why the header does not fit (a required column
 * missing, an unknown or repeated name). Declared columns the header leaves out that are nullable
 * are read as null.
 *
 * @param line the header line as written (the quarantine of a misfit file leaves it out)
 * @param columns the declared column of each header field, in file order (when it fits)
 * @param problem why the header does not fit the schema, or null
 */
record CsvHeader(String line, List<String> columns, String problem) {

  /** Reads and matches the first line of {@code file} (decompressed by its extension). */
  static CsvHeader read(
      FileSystem fs, Path file, Map<String, String> options, DeclaredSchema schema)
      throws IOException {
    Configuration conf = fs.getConf();
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(file);
    Charset charset = Charset.forName(option(options, "UTF-8", "encoding", "charset"));
    try (InputStream raw = fs.open(file);
        InputStream in = codec == null ? raw : codec.createInputStream(raw);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, charset))) {
      String line = reader.readLine();
      return match(line == null ? "" : line, options, schema);
    }
  }

  /** Matches a header line to the schema. */
  static CsvHeader match(String line, Map<String, String> options, DeclaredSchema schema) {
    String text = line.startsWith("\uFEFF") ? line.substring(1) : line;
    char sep = option(options, ",", "sep", "delimiter").charAt(0);
    char quote =
        option(options, "\"", "quote").isEmpty() ? '\0' : option(options, "\"", "quote").charAt(0);
    List<String> fields = split(text, sep, quote);
    Map<String, String> declared = new HashMap<>();
    for (String name : schema.columnNames()) {
      declared.put(name.toLowerCase(Locale.ROOT), name);
    }
    List<String> columns = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    List<String> repeated = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String field : fields) {
      String name = declared.get(field.trim().toLowerCase(Locale.ROOT));
      if (name == null) {
        unknown.add(field.trim());
      } else if (!seen.add(name)) {
        repeated.add(name);
      }
      columns.add(name);
    }
    List<String> missing = new ArrayList<>();
    for (ColumnSpec column : schema.columns()) {
      if (!column.nullable() && !seen.contains(column.name())) {
        missing.add(column.name());
      }
    }
    List<String> problems = new ArrayList<>();
    if (!missing.isEmpty()) {
      problems.add("lacks required column(s) " + missing);
    }
    if (!unknown.isEmpty()) {
      problems.add("names unknown column(s) " + unknown);
    }
    if (!repeated.isEmpty()) {
      problems.add("repeats column(s) " + repeated);
    }
    String problem =
        problems.isEmpty()
            ? null
            : "header ["
                + text
                + "] does not fit schema '"
                + schema.name()
                + "': it "
                + String.join(", ", problems)
                + "; declared: "
                + schema.columnNames();
    return new CsvHeader(line, problem == null ? List.copyOf(columns) : List.of(), problem);
  }

  private static String option(Map<String, String> options, String fallback, String... keys) {
    for (Map.Entry<String, String> e : options.entrySet()) {
      for (String key : keys) {
        if (e.getKey().equalsIgnoreCase(key)) {
          return e.getValue();
        }
      }
    }
    return fallback;
  }

  /** Fields of one CSV line ({@code quote} doubled inside a quoted field stands for itself). */
  static List<String> split(String line, char sep, char quote) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == quote && i + 1 < line.length() && line.charAt(i + 1) == quote) {
          field.append(c);
          i++;
        } else if (c == quote) {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == quote && quote != '\0') {
        quoted = true;
      } else if (c == sep) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  /** Counts the fields of a raw CSV line (for the reason of a malformed record). */
  static final class FieldCount implements org.apache.spark.sql.api.java.UDF1<String, Integer> {
    private static final long serialVersionUID = 1L;
    private final char sep;
    private final char quote;

    FieldCount(Map<String, String> options) {
      this.sep = option(options, ",", "sep", "delimiter").charAt(0);
      String q = option(options, "\"", "quote");
      this.quote = q.isEmpty() ? '\0' : q.charAt(0);
    }

    @Override
    public Integer call(String line) {
      return line == null ? null : split(line, sep, quote).size();
    }
  }

  /** True when the source's options say its CSV files start with a header line. */
  static boolean hasHeader(Map<String, String> options) {
    return Boolean.parseBoolean(option(options, "false", "header"));
  }
}
