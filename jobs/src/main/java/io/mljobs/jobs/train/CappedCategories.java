package io.mljobs.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The fitted {@link CategoryCap}: each capped column's kept values; any other non-null value
 * becomes {@value #OTHER}. Saved with the pipeline (its params hold the kept values), so scoring
 * maps a value it never saw, or a rare one, to the same bucket training did.
 */
public final class CappedCategories extends Model<CappedCategories>
    implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  /** The value every value outside the kept ones becomes. */
  public static final String OTHER = "__mljobs_other__";

  private static final String SEPARATOR = "\u0001";
  private final String uid;
  private final StringArrayParam inputCols;
  private final StringArrayParam outputCols;
  private final StringArrayParam kept;

  public CappedCategories(String uid) {
    this.uid = uid;
    this.inputCols = new StringArrayParam(this, "inputCols", "categorical columns capped");
    this.outputCols = new StringArrayParam(this, "outputCols", "the capped columns, in order");
    this.kept = new StringArrayParam(this, "kept", "kept values, as column SOH value");
  }

  /** Read back by {@code PipelineModel.load} (found by reflection). */
  public static MLReader<CappedCategories> read() {
    return new DefaultParamsReader<>();
  }

  static String entry(String column, String value) {
    return column + SEPARATOR + value;
  }

  public StringArrayParam inputCols() {
    return inputCols;
  }

  public StringArrayParam outputCols() {
    return outputCols;
  }

  public StringArrayParam kept() {
    return kept;
  }

  CappedCategories setColumns(String[] in, String[] out) {
    set(inputCols, in);
    set(outputCols, out);
    return this;
  }

  CappedCategories setKept(String[] values) {
    set(kept, values);
    return this;
  }

  /** The kept values of each input column, in fit order (most frequent first). */
  public Map<String, List<String>> keptValues() {
    Map<String, List<String>> byColumn = new LinkedHashMap<>();
    for (String c : $(inputCols)) {
      byColumn.put(c, new ArrayList<>());
    }
    for (String e : $(kept)) {
      int at = e.indexOf(SEPARATOR);
      byColumn.get(e.substring(0, at)).add(e.substring(at + 1));
    }
    return byColumn;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    String[] in = $(inputCols);
    String[] out = $(outputCols);
    Map<String, List<String>> values = keptValues();
    Dataset<Row> result = dataset.toDF();
    for (int i = 0; i < in.length; i++) {
      Column value = col(in[i]).cast("string");
      Column capped =
          when(value.isNull(), lit(null).cast("string"))
              .when(value.isin(values.get(in[i]).toArray()), value)
              .otherwise(lit(OTHER));
      result = result.withColumn(out[i], capped);
    }
    return result;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return outputSchema(schema, $(inputCols), $(outputCols));
  }

  static StructType outputSchema(StructType schema, String[] in, String[] out) {
    StructType result = schema;
    for (int i = 0; i < in.length; i++) {
      schema.apply(in[i]); // fails clearly when a declared column is missing
      result = result.add(out[i], DataTypes.StringType, true);
    }
    return result;
  }

  @Override
  public CappedCategories copy(ParamMap extra) {
    CappedCategories copy = new CappedCategories(uid);
    copyValues(copy, extra);
    return (CappedCategories) copy.setParent(parent());
  }
}
