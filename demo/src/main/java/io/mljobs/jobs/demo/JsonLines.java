package io.mljobs.jobs.demo;

/**
 * Minimal JSON text building for JSON-lines files: string escaping and a flat object builder that
 * keeps fields in insertion order. No pretty printing; the result never contains a line break.
 */
public final class JsonLines {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonLines() {}

  /** Starts a flat JSON object. */
  public static ObjectBuilder object() {
    return new ObjectBuilder();
  }

  /** Appends {@code value} as a JSON string literal, quotes included. */
  public static void appendString(StringBuilder sb, String value) {
    sb.append('"');
    if (!needsEscaping(value)) {
      sb.append(value).append('"');
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            sb.append("\\u")
                .append(HEX[(c >> 12) & 0xf])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static boolean needsEscaping(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c == '\u2028' || c == '\u2029') {
        return true;
      }
    }
    return false;
  }

  /** {@code value} as a JSON string literal, quotes included. */
  public static String quote(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2);
    appendString(sb, value);
    return sb.toString();
  }

  /** Builds one flat JSON object; fields appear in the order they were added. */
  public static final class ObjectBuilder {
    private final StringBuilder sb = new StringBuilder(256).append('{');

    private ObjectBuilder() {}

    /** Adds a string field; a {@code null} value is written as JSON {@code null}. */
    public ObjectBuilder field(String name, String value) {
      key(name);
      if (value == null) {
        sb.append("null");
      } else {
        appendString(sb, value);
      }
      return this;
    }

    /** Adds a field whose value is already JSON text (a number, literal, array or object). */
    public ObjectBuilder rawField(String name, String json) {
      key(name);
      sb.append(json);
      return this;
    }

    private void key(String name) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      appendString(sb, name);
      sb.append(':');
    }

    /** The finished object; call once. */
    public String build() {
      return sb.append('}').toString();
    }
  }
}
