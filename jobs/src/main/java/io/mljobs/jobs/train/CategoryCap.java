package io.mljobs.jobs.train;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Caps how many levels a categorical column contributes: when a column has more than {@code
 * maxCategories} distinct non-null values in the fit data, its {@code maxCategories - 1} most
 * frequent ones are kept and every other value, seen or unseen, becomes one bucket, {@value
 * CappedCategories#OTHER} (scikit-learn's {@code OneHotEncoder(max_categories=...)} rule: the limit
 * counts the bucket; among equally frequent values the one later in name order is kept, as there).
 * A column within the limit keeps every value. Nulls stay null.
 *
 * <p>Why: real categoricals have long tails (merchant ids, postcodes). Uncapped, each level becomes
 * a one-hot column, and XGBoost candidates store that vector densely ({@link DenseVectors}): rows x
 * levels x 8 bytes, which exhausts executor memory long before the model learns anything from a
 * level seen twice.
 */
public final class CategoryCap extends Estimator<CappedCategories>
    implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final StringArrayParam inputCols;
  private final StringArrayParam outputCols;
  private final IntParam maxCategories;

  public CategoryCap(String uid) {
    this.uid = uid;
    this.inputCols = new StringArrayParam(this, "inputCols", "categorical columns to cap");
    this.outputCols = new StringArrayParam(this, "outputCols", "the capped columns, in order");
    this.maxCategories =
        new IntParam(this, "maxCategories", "levels per column, the other bucket included");
  }

  public CategoryCap() {
    this(Identifiable$.MODULE$.randomUID("categoryCap"));
  }

  /** Read back by {@code Pipeline.load} (found by reflection). */
  public static MLReader<CategoryCap> read() {
    return new DefaultParamsReader<>();
  }

  public StringArrayParam inputCols() {
    return inputCols;
  }

  public StringArrayParam outputCols() {
    return outputCols;
  }

  public IntParam maxCategories() {
    return maxCategories;
  }

  public CategoryCap setInputCols(String[] value) {
    set(inputCols, value);
    return this;
  }

  public CategoryCap setOutputCols(String[] value) {
    set(outputCols, value);
    return this;
  }

  public CategoryCap setMaxCategories(int value) {
    set(maxCategories, value);
    return this;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public CappedCategories fit(Dataset<?> dataset) {
    int limit = (Integer) $(maxCategories);
    List<String> kept = new ArrayList<>();
    for (String column : $(inputCols)) {
      // One pass per column: the limit + 1 most frequent values say whether it is over the limit.
      List<Row> top =
          dataset
              .where(col(column).isNotNull())
              .groupBy(col(column).cast("string").as("level"))
              .count()
              .orderBy(col("count").desc(), col("level").desc())
              .limit(limit + 1)
              .collectAsList();
      int keep = top.size() <= limit ? top.size() : limit - 1;
      for (int i = 0; i < keep; i++) {
        kept.add(CappedCategories.entry(column, top.get(i).getString(0)));
      }
    }
    CappedCategories model =
        new CappedCategories(uid + "_model")
            .setColumns($(inputCols), $(outputCols))
            .setKept(kept.toArray(String[]::new));
    return (CappedCategories) model.setParent(this);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return CappedCategories.outputSchema(schema, $(inputCols), $(outputCols));
  }

  @Override
  public CategoryCap copy(ParamMap extra) {
    return defaultCopy(extra);
  }
}
