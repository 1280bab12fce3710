package io.mljobs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No package cycles in the main sources: every {@code io.mljobs} package may depend on another only
 * if that one does not depend back on it, directly or through others. Dependencies are read from
 * the sources (imports, static imports and fully qualified names), so the test needs no build of
 * the other modules; each module's packages are checked on their own and all together.
 */
class PackageCyclesTest {
  private static final List<String> MODULES = List.of("common", "quality", "jobs", "demo");
  private static final Pattern PACKAGE =
      Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  // A reference to a class: lower-case package segments, then an upper-case type name.
  private static final Pattern REFERENCE =
      Pattern.compile("\\b(io\\.mljobs(?:\\.[a-z][a-z0-9_]*)*)\\.[A-Z]\\w*");

  private static Path root() {
    return Path.of(System.getProperty("mljobs.project.root", "..")).toAbsolutePath().normalize();
  }

  /** package -> (package it uses -> the first file that shows it). */
  static Map<String, Map<String, String>> graph(List<Path> sourceRoots) {
    Map<String, Map<String, String>> graph = new TreeMap<>();
    for (Path sources : sourceRoots) {
      if (!Files.isDirectory(sources)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String text = Files.readString(file);
          Matcher pkg = PACKAGE.matcher(text);
          if (!pkg.find()) {
            continue;
          }
          String from = pkg.group(1);
          Map<String, String> uses = graph.computeIfAbsent(from, p -> new TreeMap<>());
          Matcher ref = REFERENCE.matcher(text.substring(pkg.end()));
          while (ref.find()) {
            String to = ref.group(1);
            if (!to.equals(from)) {
              uses.putIfAbsent(to, root().relativize(file.toAbsolutePath()).toString());
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return graph;
  }

  /** The strongly connected components with more than one package (Tarjan), each sorted. */
  static List<Set<String>> cycles(Map<String, Map<String, String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> found = new ArrayList<>();
    int[] counter = {0};
    for (String start : graph.keySet()) {
      if (!index.containsKey(start)) {
        connect(start, graph, index, low, stack, onStack, found, counter);
      }
    }
    return found;
  }

  private static void connect(
      String v,
      Map<String, Map<String, String>> graph,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      List<Set<String>> found,
      int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]);
    counter[0]++;
    stack.push(v);
    onStack.add(v);
    for (String w : graph.getOrDefault(v, Map.of()).keySet()) {
      if (!index.containsKey(w)) {
        connect(w, graph, index, low, stack, onStack, found, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        found.add(component);
      }
    }
  }

  /** Each cycle with the edges inside it and a file that shows each edge. */
  private static String describe(Map<String, Map<String, String>> graph, List<Set<String>> cycles) {
    StringBuilder text = new StringBuilder();
    for (Set<String> cycle : cycles) {
      text.append("\ncycle ").append(cycle).append(':');
      for (String from : cycle) {
        graph.getOrDefault(from, Map.of()).entrySet().stream()
            .filter(e -> cycle.contains(e.getKey()))
            .forEach(
                e ->
                    text.append("\n  ")
                        .append(from)
                        .append(" -> ")
                        .append(e.getKey())
                        .append("  (")
                        .append(e.getValue())
                        .append(')'));
      }
    }
    return text.toString();
  }

  @Test
  void commonHasNoPackageCycles() {
    Map<String, Map<String, String>> graph = graph(List.of(root().resolve("common/src/main/java")));
    assertTrue(graph.size() > 5, "read the common sources: " + graph.keySet());
    List<Set<String>> cycles = cycles(graph);
    assertEquals(List.of(), cycles, describe(graph, cycles));
  }

  @Test
  void noModuleHasPackageCycles() {
    List<Path> roots = MODULES.stream().map(m -> root().resolve(m + "/src/main/java")).toList();
    Map<String, Map<String, String>> graph = graph(roots);
    List<Set<String>> cycles = cycles(graph);
    assertEquals(List.of(), cycles, describe(graph, cycles));
  }

  @Test
  void theScanFindsACycleWhenThereIsOne() {
    Map<String, Map<String, String>> graph = new TreeMap<>();
    graph.put("a", Map.of("b", "A.java"));
    graph.put("b", Map.of("c", "B.java"));
    graph.put("c", Map.of("a", "C.java"));
    graph.put("d", Map.of("a", "D.java"));
    assertEquals(List.of(Set.of("a", "b", "c")), cycles(graph));
  }
}
