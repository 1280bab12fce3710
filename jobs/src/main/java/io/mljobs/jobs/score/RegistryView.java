package io.mljobs.jobs.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mljobs.common.delta.DeltaInput;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.table.TableRef;
import io.mljobs.jobs.train.Metric;
import io.mljobs.jobs.train.RegistryEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Read-only view of {@code models.registry} for the jobs that use registered models (score,
 * evaluate-model): the entry behind an alias, its saved PipelineModel and its holdout metrics.
 * train-models and promote-model own the writes.
 */
record RegistryView(TableRef table, List<RegistryEntry> entries) {
  private static final ObjectMapper JSON = new ObjectMapper();

  RegistryView {
    entries = List.copyOf(entries);
  }

  /** The registry at its latest version (no entries when the table does not exist). */
  static RegistryView read(SparkSession spark, TableRef table, String path) {
    List<RegistryEntry> entries = new ArrayList<>();
    // Not a manifest input (as before): a fresh, unrecorded reader of the newest version.
    DeltaInput input = DeltaInput.of(spark, path, table.toString()).latest();
    if (input.exists()) {
      for (Row r : input.scan().collectAsList()) {
        entries.add(RegistryEntry.fromRow(r));
      }
    }
    return new RegistryView(table, entries);
  }

  /** The model's entry under {@code alias} (the newest, should several carry it). */
  Optional<RegistryEntry> alias(String model, String alias) {
    return entries.stream()
        .filter(e -> e.name().equals(model) && e.alias().equals(alias))
        .max(java.util.Comparator.comparingLong(RegistryEntry::version));
  }

  /** The champion, or a failure saying how to get one. */
  RegistryEntry champion(String model) {
    return alias(model, RegistryEntry.CHAMPION)
        .orElseThrow(
            () ->
                new JobFailure(
                    "No champion of model '"
                        + model
                        + "' in "
                        + table
                        + (entries.stream().anyMatch(e -> e.name().equals(model))
                            ? " (versions are registered, none is champion)"
                            : " (no version registered)")
                        + ": run train-models (its first version becomes champion) or make a"
                        + " version champion with promote-model, then score again."));
  }

  /** The entry's saved model, or a failure naming the missing artifact. */
  static PipelineModel load(SparkSession spark, RegistryEntry entry) {
    if (!entry.artifactExists(spark)) {
      throw new JobFailure(
          "Model "
              + entry.name()
              + " v"
              + entry.version()
              + " ("
              + entry.alias()
              + ") points at artifact "
              + entry.artifactPath()
              + ", which does not exist (deleted or moved?); nothing was scored. Restore the"
              + " artifact, or move the alias to another version with promote-model.");
    }
    return PipelineModel.load(entry.artifactPath());
  }

  /** The entry's holdout value of {@code metric} ({@code metrics} JSON), if recorded. */
  static OptionalDouble holdout(RegistryEntry entry, Metric metric) {
    if (entry.metrics() == null) {
      return OptionalDouble.empty();
    }
    try {
      JsonNode node = JSON.readTree(entry.metrics()).path(metric.column()).path("value");
      return node.isNumber() ? OptionalDouble.of(node.asDouble()) : OptionalDouble.empty();
    } catch (IOException e) {
      return OptionalDouble.empty();
    }
  }
}
