package io.mljobs.jobs.cli;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.ConfigLoader;
import io.mljobs.common.config.LoadedConfig;
import io.mljobs.common.config.Redactor;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code describe-config}: the resolved config a job would see, secrets masked. */
@Command(
    name = "describe-config",
    description = "Print the resolved config (secrets masked) and the files it came from.",
    mixinStandardHelpOptions = true)
public final class DescribeConfigCommand implements Callable<Integer> {
  private final PrintStream out;
  private final PrintStream err;

  @Mixin RunOptions options;

  @Option(
      names = "--json",
      description =
          "Print only the resolved config as JSON (secrets masked), for tools such as the Airflow"
              + " DAG generator (airflow-dags/).")
  boolean json;

  public DescribeConfigCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    try {
      LoadedConfig loaded = ConfigLoader.load(options.configRequest());
      if (json) {
        out.println(
            ConfigValueFactory.fromMap(loaded.redacted())
                .render(ConfigRenderOptions.concise().setFormatted(true).setJson(true)));
        return 0;
      }
      out.println("# Resolved mljobs config, lowest precedence first:");
      out.println("#   reference.conf (in the jar)");
      loaded.sources().forEach(s -> out.println("#   " + s));
      loaded.redactedOverrides().forEach(o -> out.println("#   --set " + o));
      out.println(
          ConfigValueFactory.fromMap(loaded.redacted())
              .render(ConfigRenderOptions.concise().setFormatted(true).setJson(false)));
      return 0;
    } catch (ConfigError e) {
      err.println("ERROR: " + Redactor.scrub(e.getMessage()));
      return 2;
    }
  }
}
