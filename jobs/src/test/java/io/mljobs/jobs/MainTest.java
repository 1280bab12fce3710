package io.mljobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.config.Settings;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.SparkJob;
import io.mljobs.common.testing.ConfigFixture;
import io.mljobs.common.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes and one clear line per mistake. */
@ExtendWith(SharedSpark.class)
class MainTest {
  @TempDir Path tmp;
  private ConfigFixture conf;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Counts rows of a range; needs a password to show secret handling. */
  static final class EchoJob implements SparkJob<Long> {
    @Override
    public String name() {
      return "count-range";
    }

    @Override
    public String description() {
      return "Counts a range (test job).";
    }

    @Override
    public Long configure(Settings mljobs) {
      Settings own = mljobs.section("jobs").sectionOrEmpty(name());
      if (own.bool("needs-password", false)) {
        own.secret("password");
      } else {
        own.optionalSecret("password");
      }
      return own.longValue("size", 5);
    }

    @Override
    public JobResult run(JobContext<Long> context) {
      return JobResult.ok("counted " + context.spark().range(context.config()).count());
    }
  }

  @BeforeEach
  void setUp() {
    conf = ConfigFixture.create(tmp, tmp.resolve("wh"));
  }

  private int main(String... args) {
    out.reset();
    err.reset();
    return Main.execute(
        JobRegistry.of(new EchoJob()),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        args);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8).strip();
  }

  @Test
  void listShowsEachJobWithItsDescriptionThenTheOtherCommands() {
    assertEquals(0, main("list"));
    java.util.List<String> lines = out.toString(StandardCharsets.UTF_8).strip().lines().toList();
    assertEquals("count-range  Counts a range (test job).", lines.get(0));
    assertEquals("", lines.get(1));
    assertEquals("Other commands:", lines.get(2));
    assertEquals(
        "  describe-config  Print the resolved config (secrets masked) and the files it came from.",
        lines.get(3));
    assertTrue(lines.get(4).startsWith("  versions         List the versions of a Delta table"));
    assertEquals(5, lines.size(), lines.toString());
  }

  @Test
  void jobHelpShowsTheSharedOptions() {
    assertEquals(0, main("count-range", "--help"));
    String help = out.toString(StandardCharsets.UTF_8);
    assertTrue(help.contains("Counts a range (test job)."), help);
    for (String option : new String[] {"--config", "--env", "--run-date", "--run-id", "--set"}) {
      assertTrue(help.contains(option), option + " in " + help);
    }
  }

  @Test
  void runsAJobAndPrintsTheManifestPath() {
    int code =
        main(
            "count-range",
            "--config",
            conf.pipelineDir().toString(),
            "--run-date",
            "2026-11-26",
            "--set",
            "mljobs.jobs.count-range.size=7");
    assertEquals(0, code, stderr());
    String stdout = out.toString(StandardCharsets.UTF_8);
    assertTrue(
        stdout.contains("COUNT-RANGE 2026-11-26 (count-range_2026-11-26): OK - counted 7"), stdout);
    assertTrue(
        stdout.contains(
            "Run manifest: "
                + tmp.resolve("wh/_manifests/count-range/2026-11-26/count-range_2026-11-26/")),
        stdout);
  }

  @Test
  void unknownJobSuggestsTheNearestName() {
    assertEquals(2, main("count-rang", "--config", "x"));
    assertEquals(
        "ERROR: Unknown job or command 'count-rang' (did you mean 'count-range'?). Run 'list' to see the jobs.",
        stderr());
  }

  @Test
  void missingConfigSaysHowToPassIt() {
    assertEquals(2, main("count-range", "--run-date", "2026-11-26"));
    assertEquals(
        "ERROR: Missing --config: pass the pipeline config, e.g. --config conf/pipelines/demo.",
        stderr());
  }

  @Test
  void runDateThatIsNotADateIsRejected() {
    assertEquals(
        2,
        main("count-range", "--config", conf.pipelineDir().toString(), "--run-date", "26/11/2026"));
    assertTrue(
        stderr()
            .startsWith(
                "ERROR: Invalid value for option '--run-date': '26/11/2026' is not a date: use YYYY-MM-DD"),
        stderr());
    assertEquals(1, stderr().lines().count(), "one line, no stack trace: " + stderr());
  }

  @Test
  void secretReferencedButUnsetNamesTheVariable() {
    conf.pipeline(
        "mljobs.jobs.count-range { needs-password = true, password = ${?MLJOBS_TEST_UNSET_PASSWORD} }");
    assertEquals(2, main("count-range", "--config", conf.pipelineDir().toString()));
    assertEquals(
        "ERROR: Secret 'mljobs.jobs.count-range.password' is not set: export MLJOBS_TEST_UNSET_PASSWORD"
            + " (the config reads it as ${?MLJOBS_TEST_UNSET_PASSWORD}) or set"
            + " 'mljobs.jobs.count-range.password-file' to a file that holds it.",
        stderr());
  }

  @Test
  void literalSecretInConfigIsRejectedWithoutEchoingIt() {
    conf.pipeline("mljobs.jobs.count-range.password = \"inline-literal\"");
    assertEquals(2, main("count-range", "--config", conf.pipelineDir().toString()));
    assertTrue(stderr().contains("holds a literal secret"), stderr());
    assertFalse(stderr().contains("inline-literal"), stderr());
  }

  @Test
  void describeConfigMasksSecretsAndListsSources() {
    int code =
        main(
            "describe-config",
            "--config",
            conf.pipelineDir().toString(),
            "--set",
            "mljobs.jobs.count-range.api-key=abcdef123");
    assertEquals(0, code, stderr());
    String shown = out.toString(StandardCharsets.UTF_8);
    assertTrue(
        shown.contains("api-key=\"******\"")
            || shown.contains("api-key=******")
            || shown.contains("\"api-key\" : \"******\"")
            || shown.contains("api-key = \"******\""),
        shown);
    assertFalse(shown.contains("abcdef123"), shown);
    assertTrue(shown.contains("pipelines/test/pipeline.conf"), shown);
  }

  @Test
  void describeConfigJsonPrintsOnlyJsonWithSecretsMasked() {
    int code =
        main(
            "describe-config",
            "--json",
            "--config",
            conf.pipelineDir().toString(),
            "--set",
            "mljobs.jobs.count-range.api-key=abcdef123");
    assertEquals(0, code, stderr());
    String shown = out.toString(StandardCharsets.UTF_8).strip();
    assertTrue(shown.startsWith("{") && shown.endsWith("}"), shown);
    assertTrue(shown.contains("\"api-key\" : \"******\""), shown);
    assertTrue(shown.contains("\"count-range\""), shown);
    assertFalse(shown.contains("abcdef123"), shown);
  }
}
