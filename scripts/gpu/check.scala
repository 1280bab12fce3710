// Run by scripts/gpu/check.sh inside spark-shell; prints lines starting with [check].
import org.apache.spark.sql.DataFrame
import org.apache.spark.sql.functions._
import org.apache.spark.ml.feature.VectorAssembler
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier

val checkMode = sys.env("MLJOBS_CHECK_MODE")
val checkRows = sys.env("MLJOBS_CHECK_ROWS").toLong
val checkDir = sys.env("MLJOBS_CHECK_DIR")
val onGpuMachine = checkMode == "gpu"

def timed[T](work: => T): (T, Double) = {
  val start = System.nanoTime
  val result = work
  (result, (System.nanoTime - start) / 1e9)
}

// Operator names of the executed (final, after AQE) plan: Gpu* ran on the GPU.
def placement(df: DataFrame): (Seq[String], Seq[String]) = {
  val wrappers = Set("AdaptiveSparkPlan", "InputAdapter", "ShuffleQueryStage", "BroadcastQueryStage")
  val names = "(?m)^[\\s:+\\-*()0-9]*([A-Z][A-Za-z]+)".r
    .findAllMatchIn(df.queryExecution.executedPlan.toString)
    .map(_.group(1)).toSeq.distinct
    .filterNot(n => wrappers(n) || n.startsWith("WholeStageCodegen") || n.contains("ColumnarToRow") || n.contains("RowToColumnar"))
  names.partition(_.startsWith("Gpu"))
}

spark.conf.set("spark.rapids.sql.enabled", "false")
spark.range(checkRows)
  .selectExpr("id % 100000 as customer_id", "rand(1) * 500 as amount",
    "cast(rand(2) * 24 as int) as hour", "cast(rand(3) * 200 as int) as merchant")
  .write.mode("overwrite").parquet(checkDir + "/events")

def features(): DataFrame = spark.read.parquet(checkDir + "/events")
  .groupBy("customer_id")
  .agg(count(lit(1)).as("n"), avg("amount").as("amount_avg"), max("amount").as("amount_max"),
    approx_count_distinct("merchant").as("merchants"), avg("hour").as("hour_avg"))

def featureBuild(rapids: Boolean): Double = {
  spark.conf.set("spark.rapids.sql.enabled", rapids.toString)
  val df = features()
  val (_, seconds) = timed(df.collect().length)
  val (gpuOps, cpuOps) = placement(df)
  println(f"[check] feature build, RAPIDS ${if (rapids) "on " else "off"}: $seconds%.1f s; " +
    s"on GPU: ${if (gpuOps.isEmpty) "none" else gpuOps.mkString(", ")}; " +
    s"on CPU: ${if (cpuOps.isEmpty) "none" else cpuOps.mkString(", ")}")
  seconds
}

val featuresOff = featureBuild(rapids = false)
if (onGpuMachine) {
  val featuresOn = featureBuild(rapids = true)
  println(f"[check] feature build ratio (RAPIDS off / on): ${featuresOff / featuresOn}%.2fx")
}

// XGBoost on generated data: 20 features, a label that depends on them.
spark.conf.set("spark.rapids.sql.enabled", "false")
val featureCols = (0 until 20).map(i => s"f$i")
val labelled = spark.range(checkRows / 10)
  .selectExpr(featureCols.zipWithIndex.map { case (c, i) => s"rand(${i + 10}) as $c" } :+ "id": _*)
  .withColumn("label", (col("f0") * col("f1") + col("f2") * 0.5 + rand(99) * 0.3 > 0.6).cast("double"))
val assembled = new VectorAssembler().setInputCols(featureCols.toArray).setOutputCol("features")
  .transform(labelled).select("features", "label").cache()
assembled.count()

def train(device: String): Double = {
  val classifier = new XGBoostClassifier(Map[String, Any](
    "device" -> device, "tree_method" -> "hist", "num_round" -> 100, "max_depth" -> 8,
    "num_workers" -> 1, "objective" -> "binary:logistic"))
    .setFeaturesCol("features").setLabelCol("label")
  val (_, seconds) = timed(classifier.fit(assembled))
  println(f"[check] XGBoost device=$device: $seconds%.1f s (${checkRows / 10} rows x 20 features, 100 rounds)")
  seconds
}

val cpuSeconds = train("cpu")
if (onGpuMachine) {
  val gpuSeconds = train("cuda")
  println(f"[check] XGBoost ratio (cpu / cuda): ${cpuSeconds / gpuSeconds}%.2fx")
}
println("[check] done")
System.exit(0)
