package io.mljobs.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The profile's column types, computed here rather than by Deequ's profiler, which reports {@code
 * Unknown} for text columns of words and for every date and timestamp type ({@code timestamp_ntz}
 * included): typed columns take their type from the schema, and a string column's type is inferred
 * from its non-null values (all integers: {@code Integral}; all numbers: {@code Fractional}; all
 * true/false: {@code Boolean}; all ISO dates: {@code Date}; ISO dates and timestamps: {@code
 * Timestamp}; anything else: {@code String}; no values: {@code Unknown}). Date and timestamp
 * columns also get their earliest and latest value, in epoch seconds. One aggregation pass.
 */
final class ColumnTypes {
  static final String INTEGRAL = "^[-+]?[0-9]+$";
  static final String FRACTIONAL = "^[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?$";
  static final String DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
  static final String TIMESTAMP =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?"
          + "(Z|[+-][0-9]{2}:?[0-9]{2})?$";

  /**
   * What the pass found.
   *
   * @param types every column's type, in the profile's words
   * @param ranges earliest and latest value (epoch seconds) of date and timestamp columns with
   *     values
   */
  record Found(Map<String, String> types, Map<String, double[]> ranges) {}

  private ColumnTypes() {}

  /** True for the types Deequ cannot profile as such: they are profiled as text. */
  static boolean temporal(DataType type) {
    return type instanceof TimestampType
        || type instanceof TimestampNTZType
        || type instanceof DateType;
  }

  /** The types of every column of {@code data} and the ranges of its temporal columns. */
  static Found of(Dataset<Row> data) {
    List<Column> aggregates = new ArrayList<>();
    for (StructField field : data.schema().fields()) {
      Column c = col(QualityChecks.quote(field.name()));
      if (field.dataType() instanceof StringType) {
        Column v = trim(c);
        aggregates.add(count(c));
        aggregates.add(count(when(v.rlike(INTEGRAL), lit(1))));
        aggregates.add(count(when(v.rlike(FRACTIONAL), lit(1))));
        aggregates.add(count(when(lower(v).isin("true", "false"), lit(1))));
        aggregates.add(count(when(v.rlike(DATE), lit(1))));
        aggregates.add(count(when(v.rlike(TIMESTAMP), lit(1))));
      } else if (temporal(field.dataType())) {
        // Epoch seconds; mljobs sessions run in UTC (SparkSessions), so a timestamp_ntz wall-clock
        // time and a date's midnight read as UTC.
        Column seconds = c.cast("timestamp").cast("double");
        aggregates.add(min(seconds));
        aggregates.add(max(seconds));
      }
    }
    Row row =
        aggregates.isEmpty()
            ? null
            : data.agg(
                    aggregates.get(0),
                    aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
                .first();
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, double[]> ranges = new LinkedHashMap<>();
    int i = 0;
    for (StructField field : data.schema().fields()) {
      DataType type = field.dataType();
      if (type instanceof StringType) {
        long values = row.getLong(i);
        long ints = row.getLong(i + 1);
        long numbers = row.getLong(i + 2);
        long booleans = row.getLong(i + 3);
        long dates = row.getLong(i + 4);
        long timestamps = row.getLong(i + 5);
        i += 6;
        types.put(field.name(), inferred(values, ints, numbers, booleans, dates, timestamps));
      } else if (temporal(type)) {
        if (!row.isNullAt(i)) {
          ranges.put(field.name(), new double[] {row.getDouble(i), row.getDouble(i + 1)});
        }
        i += 2;
        types.put(field.name(), type instanceof DateType ? "Date" : "Timestamp");
      } else {
        types.put(field.name(), declared(type));
      }
    }
    return new Found(types, ranges);
  }

  private static String inferred(
      long values, long ints, long numbers, long booleans, long dates, long timestamps) {
    if (values == 0) {
      return "Unknown";
    } else if (ints == values) {
      return "Integral";
    } else if (numbers == values) {
      return "Fractional";
    } else if (booleans == values) {
      return "Boolean";
    } else if (dates == values) {
      return "Date";
    } else if (dates + timestamps == values) {
      return "Timestamp";
    }
    return "String";
  }

  /** The profile's word for a typed column, as Deequ names them. */
  private static String declared(DataType type) {
    if (type instanceof LongType
        || type instanceof IntegerType
        || type instanceof ShortType
        || type instanceof ByteType) {
      return "Integral";
    } else if (type instanceof NumericType) {
      return "Fractional";
    } else if (type instanceof BooleanType) {
      return "Boolean";
    }
    return type.simpleString();
  }
}
