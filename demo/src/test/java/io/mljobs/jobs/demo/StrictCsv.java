package io.mljobs.jobs.demo;

import java.util.ArrayList;
import java.util.List;

/** A strict RFC 4180 parser for one physical line, as a bronze loader would apply it. */
final class StrictCsv {

  private StrictCsv() {}

  /**
   * The fields of {@code line}.
   *
   * @throws IllegalArgumentException on an unclosed quote, a quote inside an unquoted field, or
   *     text after a closing quote
   */
  static List<String> parse(String line) {
    List<String> fields = new ArrayList<>();
    int i = 0;
    while (true) {
      StringBuilder field = new StringBuilder();
      if (i < line.length() && line.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= line.length()) {
            throw new IllegalArgumentException("unclosed quote in: " + line);
          }
          char c = line.charAt(i++);
          if (c == '"') {
            if (i < line.length() && line.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(c);
          }
        }
        if (i < line.length() && line.charAt(i) != ',') {
          throw new IllegalArgumentException("text after closing quote in: " + line);
        }
      } else {
        while (i < line.length() && line.charAt(i) != ',') {
          char c = line.charAt(i++);
          if (c == '"') {
            throw new IllegalArgumentException("quote inside unquoted field in: " + line);
          }
          field.append(c);
        }
      }
      fields.add(field.toString());
      if (i >= line.length()) {
        return fields;
      }
      i++; // the comma
    }
  }
}
