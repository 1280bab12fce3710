package io.mljobs.jobs.ingest.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobFlags;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.SparkJob;
import io.mljobs.common.testing.ConfigFixture;
import io.mljobs.common.testing.SharedSpark;
import io.mljobs.jobs.Main;
import io.mljobs.jobs.ingest.IngestBatchWriter;
import io.mljobs.jobs.stream.StreamTrigger;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class IngestStreamConfigTest {
  private static final String SOURCES =
      """
      mljobs {
        schemas.events.columns = [ { name = id, type = string } ]
        sources {
          clicks { type = kafka, bootstrap-servers = "h:1", topics = [clicks], schema = events }
          orders { type = kafka, bootstrap-servers = "h:1", topics = [orders], schema = events }
          files_a { type = files, format = csv, path = /tmp/x, schema = events }
        }
      }
      """;

  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private static IngestStreamConfig parse(String job) {
    Settings mljobs =
        Settings.of(
                ConfigFactory.parseString(SOURCES + "mljobs.jobs.ingest-stream {" + job + "}")
                    .resolve())
            .section("mljobs");
    IngestStreamConfig config = IngestStreamConfig.from(mljobs, "ingest-stream", name -> null);
    mljobs.rejectUnknownKeys();
    return config;
  }

  @Test
  void defaultsTakeEveryKafkaSourceAvailableNow() {
    IngestStreamConfig config = parse("");
    assertEquals(
        List.of("clicks", "orders"), config.sources().stream().map(s -> s.name()).toList());
    assertEquals(StreamTrigger.Mode.AVAILABLE_NOW, config.trigger().mode());
    assertEquals(Duration.ofSeconds(30), config.trigger().interval());
  }

  @Test
  void continuousWithAnInterval() {
    IngestStreamConfig config =
        parse("sources = [orders], trigger = continuous, interval = 2 minutes");
    assertEquals(List.of("orders"), config.sources().stream().map(s -> s.name()).toList());
    assertEquals(StreamTrigger.Mode.CONTINUOUS, config.trigger().mode());
    assertEquals(Duration.ofMinutes(2), config.trigger().interval());
  }

  @Test
  void rejectsInMemoryIsASizeWithADefault() {
    assertEquals(IngestBatchWriter.DEFAULT_REJECTS_IN_MEMORY, parse("").rejectsInMemory());
    assertEquals(64L << 20, parse("rejects-in-memory = 64 MiB").rejectsInMemory());
    ConfigError bad = assertThrows(ConfigError.class, () -> parse("rejects-in-memory = lots"));
    assertEquals("mljobs.jobs.ingest-stream.rejects-in-memory", bad.key());
    ConfigError negative = assertThrows(ConfigError.class, () -> parse("rejects-in-memory = -1"));
    assertEquals("mljobs.jobs.ingest-stream.rejects-in-memory", negative.key());
  }

  @Test
  void badJobSettingsNameTheKey() {
    ConfigError trigger = assertThrows(ConfigError.class, () -> parse("trigger = continous"));
    assertEquals("mljobs.jobs.ingest-stream.trigger", trigger.key());
    assertTrue(trigger.getMessage().contains("did you mean 'continuous'"), trigger.getMessage());

    ConfigError interval = assertThrows(ConfigError.class, () -> parse("interval = 0s"));
    assertEquals("mljobs.jobs.ingest-stream.interval", interval.key());

    ConfigError fileSource = assertThrows(ConfigError.class, () -> parse("sources = [files_a]"));
    assertTrue(
        fileSource.getMessage().contains("'files_a', which is not a Kafka source"),
        fileSource.getMessage());
    ConfigError typo = assertThrows(ConfigError.class, () -> parse("sources = [order]"));
    assertTrue(typo.getMessage().contains("did you mean 'orders'"), typo.getMessage());

    ConfigError unknown = assertThrows(ConfigError.class, () -> parse("intervall = 5s"));
    assertEquals("mljobs.jobs.ingest-stream.intervall", unknown.key());
  }

  // ---- the --trigger and --interval flags -----------------------------------------------

  private int main(SparkJob<?> job, String... args) {
    out.reset();
    err.reset();
    return Main.execute(
        JobRegistry.of(job),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        args);
  }

  @Test
  void helpShowsTheFlagsAndWhatContinuousMeans() {
    assertEquals(0, main(new IngestStreamJob(), "ingest-stream", "--help"));
    String help = out.toString(StandardCharsets.UTF_8);
    assertTrue(help.contains("--trigger=MODE"), help);
    assertTrue(help.contains("--interval=DURATION"), help);
    assertTrue(help.contains("not Spark's experimental continuous"), help);
    assertTrue(help.contains("--config"), "the shared options are still there: " + help);
  }

  @Test
  void aBadFlagValueFailsBeforeSparkNamingTheConfigKey() {
    ConfigFixture conf = ConfigFixture.create(tmp, tmp.resolve("wh")).pipeline(SOURCES);
    int code =
        main(
            new IngestStreamJob(),
            "ingest-stream",
            "--config",
            conf.pipelineDir().toString(),
            "--trigger",
            "sometimes");
    assertEquals(2, code);
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertTrue(stderr.contains("'mljobs.jobs.ingest-stream.trigger' must be one of"), stderr);
    assertTrue(stderr.contains("[available-now, continuous]"), stderr);
  }

  /** Echoes its mode, so a test sees what the flags and --set made of it. */
  static final class ModeJob implements SparkJob<String>, JobFlags {
    @Override
    public String name() {
      return "mode-echo";
    }

    @Override
    public String description() {
      return "Echoes its mode (test job).";
    }

    @Override
    public List<Flag> flags() {
      return List.of(new Flag("--mode", "mode", "MODE", "the mode"));
    }

    @Override
    public String configure(Settings mljobs) {
      return mljobs.section("jobs").sectionOrEmpty(name()).string("mode", "none");
    }

    @Override
    public JobResult run(JobContext<String> context) {
      return JobResult.ok("mode=" + context.config());
    }
  }

  @Test
  void aFlagIsTheLastWordOverSetAndIsRecordedAsAnOverride() throws Exception {
    ConfigFixture conf = ConfigFixture.create(tmp, tmp.resolve("wh"));
    String[] base = {"mode-echo", "--config", conf.pipelineDir().toString()};
    assertEquals(0, main(new ModeJob(), base), err.toString());
    assertTrue(out.toString().contains("mode=none"), out.toString());

    assertEquals(
        0,
        main(
            new ModeJob(),
            "mode-echo",
            "--config",
            conf.pipelineDir().toString(),
            "--run-id",
            "second",
            "--mode",
            "fast",
            "--set",
            "mljobs.jobs.mode-echo.mode=slow"),
        err.toString());
    String stdout = out.toString(StandardCharsets.UTF_8);
    assertTrue(stdout.contains("mode=fast"), stdout);
    String manifest = stdout.substring(stdout.indexOf("Run manifest: ") + 14).strip();
    assertTrue(
        java.nio.file.Files.readString(Path.of(manifest))
            .contains("mljobs.jobs.mode-echo.mode=fast"),
        "the flag is in the manifest as the override it stands for");
  }
}
