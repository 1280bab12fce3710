package io.mljobs.jobs.train;

import io.mljobs.common.config.Settings;
import io.mljobs.common.delta.DeltaWriteResult;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobFlags;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.SparkJob;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code promote-model}: a user's manual move of a registered version to another alias ({@code
 * --model fraud --model-version 3 --alias champion}), recorded like any run (the manifest and the
 * commit carry the run id; the entry's {@code decision} says "manual: <reason>"). Making a version
 * champion archives the current champion; its artifact must exist. The move is refused when another
 * run changed the registry at the same time.
 */
public final class PromoteModelJob implements SparkJob<PromoteModelConfig>, JobFlags {
  static final String NAME = "promote-model";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Move a registered model version to an alias (champion, challenger, archived).";
  }

  @Override
  public List<Flag> flags() {
    return List.of(
        new Flag("--model", "model", "NAME", "The model (mljobs.models.<name>)."),
        new Flag("--model-version", "version", "N", "The registered version to move."),
        new Flag("--alias", "alias", "ALIAS", "champion (default), challenger or archived."),
        new Flag("--reason", "reason", "TEXT", "Why; recorded with the move."));
  }

  @Override
  public PromoteModelConfig configure(Settings mljobs) {
    return PromoteModelConfig.from(mljobs, NAME);
  }

  @Override
  public JobResult run(JobContext<PromoteModelConfig> context) {
    PromoteModelConfig config = context.config();
    ModelRegistry registry =
        ModelRegistry.read(
            context.spark(),
            config.store().registry().toString(),
            context.pathOf(config.store().registry()));
    RegistryEntry entry =
        registry
            .version(config.model(), config.version())
            .orElseThrow(
                () ->
                    new JobFailure(
                        "No version "
                            + config.version()
                            + " of model '"
                            + config.model()
                            + "' in "
                            + config.store().registry()
                            + " (registered: "
                            + registry.of(config.model()).stream()
                                .map(e -> "v" + e.version() + " " + e.alias())
                                .toList()
                            + ")."));
    if (entry.alias().equals(config.alias())) {
      return JobResult.ok(
          config.model() + " v" + config.version() + " is already " + config.alias() + ".");
    }
    Timestamp now = Timestamp.from(Instant.now());
    String why = "manual (" + context.runId() + "): " + config.reason();
    List<RegistryEntry> changes = new ArrayList<>();
    if (config.alias().equals(RegistryEntry.CHAMPION)) {
      ModelRegistry.requireArtifact(context.spark(), entry);
      registry
          .champion(config.model())
          .ifPresent(
              c ->
                  changes.add(
                      c.withAlias(
                          RegistryEntry.ARCHIVED,
                          now,
                          "replaced by v" + entry.version() + ": " + why)));
    }
    changes.add(entry.withAlias(config.alias(), now, why));
    DeltaWriteResult written =
        registry.commit(context.spark(), context.output(config.store().registry()), changes);
    context.metric("promotion." + config.model() + ".version", config.version());
    context.metric("promotion." + config.model() + ".alias", config.alias());
    context.metric("promotion." + config.model() + ".decision", why);
    return JobResult.ok(
        config.model()
            + " v"
            + config.version()
            + ": "
            + entry.alias()
            + " -> "
            + config.alias()
            + " in "
            + config.store().registry()
            + " version "
            + written.version());
  }
}
