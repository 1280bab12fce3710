package io.mljobs.jobs.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a headless browser's DOM dump of the drift report says: the attributes its scripts set on
 * {@code <body>} ({@code data-ready}, {@code data-charts}, {@code data-errors}) and the chart SVGs
 * in the DOM.
 *
 * @param ready {@code data-ready} (set by the page's last script)
 * @param charts {@code data-charts}: the charts the page counted itself
 * @param errors {@code data-errors}: errors the page's error hook recorded; empty when the hook
 *     never ran
 * @param chartSvgs {@code <svg class="chart">} elements in the dumped DOM
 */
record ReportPage(
    Optional<String> ready, Optional<String> charts, Optional<String> errors, int chartSvgs) {
  private static final Pattern BODY = Pattern.compile("<body\\b([^>]*)>", Pattern.DOTALL);
  private static final Pattern CHART = Pattern.compile("<svg\\b[^>]*\\bclass=\"chart\"");

  /** Parses a {@code --dump-dom} output. */
  static ReportPage parse(String dom) {
    Matcher body = BODY.matcher(dom);
    String attributes = body.find() ? body.group(1) : "";
    return new ReportPage(
        attribute(attributes, "data-ready"),
        attribute(attributes, "data-charts"),
        attribute(attributes, "data-errors"),
        (int) CHART.matcher(dom).results().count());
  }

  /**
   * Everything wrong with a loaded page expecting {@code expectedCharts} charts; empty when it
   * loaded cleanly. Console errors come from the page's own hook and from Chromium's log.
   */
  static List<String> problems(HeadlessChromium.Run run, int expectedCharts) {
    List<String> problems = new ArrayList<>();
    if (run.exitCode() != 0) {
      problems.add("chromium exited with " + run.exitCode());
    }
    ReportPage page = parse(run.stdout());
    if (page.ready().isEmpty()) {
      problems.add("the page's last script did not run (no data-ready on <body>)");
    }
    if (page.errors().isEmpty()) {
      problems.add("the page's error hook did not report (no data-errors on <body>)");
    } else if (!page.errors().get().isEmpty()) {
      problems.add("errors recorded by the page: " + page.errors().get());
    }
    run.uncaughtInLog().forEach(l -> problems.add("uncaught error in Chromium's log: " + l));
    if (!page.charts().equals(Optional.of(String.valueOf(expectedCharts)))) {
      problems.add("data-charts is " + page.charts() + ", expected " + expectedCharts);
    }
    if (page.chartSvgs() != expectedCharts) {
      problems.add(page.chartSvgs() + " chart <svg> elements, expected " + expectedCharts);
    }
    return problems;
  }

  /** The {@code <body>} attribute {@code name} of a {@code --dump-dom} output. */
  static Optional<String> bodyAttribute(String dom, String name) {
    Matcher body = BODY.matcher(dom);
    return attribute(body.find() ? body.group(1) : "", name);
  }

  private static Optional<String> attribute(String attributes, String name) {
    Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(attributes);
    return m.find() ? Optional.of(unescape(m.group(1))) : Optional.empty();
  }

  private static String unescape(String s) {
    return s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#10;", "\n")
        .replace("&amp;", "&");
  }
}
